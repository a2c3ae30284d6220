import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFName, PDFNumber, PDFRawStream, type PDFContext, type PDFRef } from '@cantoo/pdf-lib';
import { PNG } from 'pngjs';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { passthroughPng, type PassthroughPng } from './png-passthrough.js';

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

/** An image ready for the PDF: RGB and alpha planes, each Flate-compressed. */
export interface EncodedImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Buffer;
  /** Absent when every pixel is opaque. */
  readonly alpha: Buffer | undefined;
}

function encodeImage(image: RgbaImage): EncodedImage {
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
  return { width: image.width, height: image.height, rgb: deflateSync(rgb), alpha: opaque ? undefined : deflateSync(alpha) };
}

/**
 * Registers the image as a /DeviceRGB image XObject with its alpha channel as a /SMask
 * (ISO 32000-2 §11.6.5.3), both /FlateDecode. pdf-lib's PngEmbedder does the same through its
 * whole-document API (embedPng needs a PDFDocument); this is the same idea over our context.
 */
export function registerImage(context: PDFContext, image: RgbaImage): PDFRef {
  return registerEncoded(context, encodeImage(image));
}

function registerEncoded(context: PDFContext, image: EncodedImage): PDFRef {
  const dict = context.obj({
    Type: 'XObject',
    Subtype: 'Image',
    Width: image.width,
    Height: image.height,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
  });
  if (image.alpha) {
    const maskDict = context.obj({
      Type: 'XObject',
      Subtype: 'Image',
      Width: image.width,
      Height: image.height,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    });
    maskDict.set(PDFName.of('Length'), PDFNumber.of(image.alpha.length));
    dict.set(PDFName.of('SMask'), context.register(PDFRawStream.of(maskDict, image.alpha)));
  }
  dict.set(PDFName.of('Length'), PDFNumber.of(image.rgb.length));
  return context.register(PDFRawStream.of(dict, image.rgb));
}

/** An opaque 8-bit PNG as a /FlateDecode image with the PNG predictor: its IDAT copied, not recompressed. */
function registerPassthrough(context: PDFContext, png: PassthroughPng): PDFRef {
  const dict = context.obj({
    Type: 'XObject',
    Subtype: 'Image',
    Width: png.width,
    Height: png.height,
    ColorSpace: png.colors === 1 ? 'DeviceGray' : 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: png.colors, BitsPerComponent: 8, Columns: png.width },
  });
  dict.set(PDFName.of('Length'), PDFNumber.of(png.data.length));
  return context.register(PDFRawStream.of(dict, png.data));
}

/**
 * Registers a PNG: an opaque one with its compressed data as it is; others decoded to RGB +
 * alpha. The encoded planes of the last few PNGs are kept (by SHA-256 of the PNG): a clerk
 * stamps document after document with the same seal image, and decoding plus deflating a 480×480
 * seal costs tens of milliseconds each time. The very Buffer the seal registry hands out again
 * while the seal is unchanged is also known by identity, which saves hashing it for every stamp.
 */
const encodedCache = new Map<string, EncodedImage>();
const CACHE_ENTRIES = 8;
const prepared = new WeakMap<Uint8Array, PassthroughPng | EncodedImage>();

export function registerPng(context: PDFContext, png: Uint8Array): PDFRef {
  let image = prepared.get(png);
  if (!image) {
    image = passthroughPng(png) ?? encodedByDigest(png);
    prepared.set(png, image);
  }
  return 'data' in image ? registerPassthrough(context, image) : registerEncoded(context, image);
}

/** What registerPng puts in a PDF for a PNG: its IDAT as it is, or the decoded and deflated planes. */
export type PreparedPng = PassthroughPng | EncodedImage;

/** The work registerPng does on a PNG it has not seen (tens of ms for a seal with alpha): for a thread to do it ahead. */
export function preparePng(png: Uint8Array): PreparedPng {
  return passthroughPng(png) ?? encodedByDigest(png);
}

export function isPngPrepared(png: Uint8Array): boolean {
  return prepared.has(png);
}

/** Keeps what a thread prepared for this very PNG (see preparePng); its buffers may arrive as bare Uint8Arrays. */
export function keepPreparedPng(png: Uint8Array, image: PreparedPng): void {
  const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ('data' in image) prepared.set(png, { ...image, data: buffer(image.data) });
  else prepared.set(png, { ...image, rgb: buffer(image.rgb), alpha: image.alpha && buffer(image.alpha) });
}

function encodedByDigest(png: Uint8Array): EncodedImage {
  const key = createHash('sha256').update(png).digest('hex');
  let encoded = encodedCache.get(key);
  if (!encoded) {
    encoded = encodeImage(decodePng(png));
    if (encodedCache.size >= CACHE_ENTRIES) encodedCache.delete(encodedCache.keys().next().value!);
    encodedCache.set(key, encoded);
  }
  return encoded;
}
