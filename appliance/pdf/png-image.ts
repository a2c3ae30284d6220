import { deflateSync } from 'node:zlib';
import { PDFName, PDFNumber, PDFRawStream, type PDFContext, type PDFRef } from '@cantoo/pdf-lib';
import { PNG } from 'pngjs';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** A decoded PNG, 8-bit RGBA, rows top to bottom. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
}

export function decodePng(png: Uint8Array): RgbaImage {
  try {
    const { width, height, data } = PNG.sync.read(Buffer.from(png));
    return { width, height, data };
  } catch (error) {
    throw new SealdeskError('SEAL_IMAGE_INVALID', { reason: 'not a readable PNG' }, { cause: error });
  }
}

/** Columns [from, to) of an image: one slice of a cross-page seal. */
export function cropColumns(image: RgbaImage, from: number, to: number): RgbaImage {
  const width = to - from;
  const data = Buffer.alloc(width * image.height * 4);
  for (let y = 0; y < image.height; y++) {
    image.data.copy(data, y * width * 4, (y * image.width + from) * 4, (y * image.width + to) * 4);
  }
  return { width, height: image.height, data };
}

/**
 * Registers the image as a /DeviceRGB image XObject with its alpha channel as a /SMask
 * (ISO 32000-2 §11.6.5.3), both /FlateDecode. pdf-lib's PngEmbedder does the same through its
 * whole-document API (embedPng needs a PDFDocument); this is the same idea over our context.
 */
export function registerImage(context: PDFContext, image: RgbaImage): PDFRef {
  const pixels = image.width * image.height;
  const rgb = Buffer.alloc(pixels * 3);
  const alpha = Buffer.alloc(pixels);
  let opaque = true;
  for (let i = 0; i < pixels; i++) {
    rgb[i * 3] = image.data[i * 4]!;
    rgb[i * 3 + 1] = image.data[i * 4 + 1]!;
    rgb[i * 3 + 2] = image.data[i * 4 + 2]!;
    alpha[i] = image.data[i * 4 + 3]!;
    if (alpha[i] !== 255) opaque = false;
  }
  const dict = context.obj({
    Type: 'XObject',
    Subtype: 'Image',
    Width: image.width,
    Height: image.height,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
  });
  if (!opaque) {
    const maskDict = context.obj({
      Type: 'XObject',
      Subtype: 'Image',
      Width: image.width,
      Height: image.height,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    });
    const mask = deflateSync(alpha);
    maskDict.set(PDFName.of('Length'), PDFNumber.of(mask.length));
    dict.set(PDFName.of('SMask'), context.register(PDFRawStream.of(maskDict, mask)));
  }
  const contents = deflateSync(rgb);
  dict.set(PDFName.of('Length'), PDFNumber.of(contents.length));
  return context.register(PDFRawStream.of(dict, contents));
}
