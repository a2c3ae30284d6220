import { SamFrameDecoder } from '../../firmware-bridge/codec/sam-frame-decoder.js';
import { RequestLink } from '../../firmware-bridge/link/request-link.js';
import { SerialTransport } from '../../firmware-bridge/transport/serial-transport.js';
import type { Transport } from '../../firmware-bridge/transport/transport.js';
import { samRequestFrames, type SamCommandName } from './commands.js';
import { splitTextAndPhoto } from './read-reply.js';
import { answersCommand } from './reply-shape.js';
import { Sw3, expectStatus, isRequestChecksumReply } from './status.js';
import { parseTextBlock, type IdCardText } from './text-block.js';

/** A read card. Log-safe: its idNumber prints as a mask (see IdNumber). */
export interface IdCard extends IdCardText {
  /** WLT photo, opaque (proprietary format, see read-reply.ts). */
  photo: Buffer;
}

export interface IdCardReaderOptions {
  /** Per request; reading a card takes the reader up to about a second. */
  timeoutMs?: number;
  retries?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * A GA 467 SAM resident ID card reader. One method per reader command; readCard() does the
 * usual find → select → read. Errors: NO_CARD, CARD_READ_FAILED, ID_NUMBER_INVALID, and the
 * link's DEVICE_TIMEOUT, DEVICE_DISCONNECTED, DEVICE_CANCELLED, FRAME_CHECKSUM, FRAME_TOO_LONG.
 */
export class IdCardReader {
  readonly link: RequestLink;

  constructor(link: RequestLink) {
    this.link = link;
  }

  /** Reader on any transport already open (serial in production, a memory pair in unit tests). */
  static on(transport: Transport, options: IdCardReaderOptions = {}): IdCardReader {
    const decoder = new SamFrameDecoder({ device: transport.path, maxLength: 4096 });
    return new IdCardReader(new RequestLink({ transport, decoder, timeoutMs: options.timeoutMs ?? 3000, retries: options.retries ?? 2 }));
  }

  /** Opens the reader's serial port (115200 8N1). */
  static async open(path: string, options: IdCardReaderOptions = {}): Promise<IdCardReader> {
    const transport = new SerialTransport({ path, baudRate: 115200 });
    await transport.open();
    return IdCardReader.on(transport, options);
  }

  get device(): string {
    return this.link.device;
  }

  async #command(name: SamCommandName, options: CallOptions, ok?: readonly number[]): Promise<Buffer> {
    const reply = await this.link.request(samRequestFrames[name], {
      signal: options.signal,
      retryIf: isRequestChecksumReply,
      accepts: (body) => answersCommand(name, body),
    });
    return expectStatus(reply, this.device, ok);
  }

  async resetSam(options: CallOptions = {}): Promise<void> {
    await this.#command('resetSam', options);
  }

  /** Resolves when the SAM module reports itself working. */
  async samStatus(options: CallOptions = {}): Promise<void> {
    await this.#command('samStatus', options);
  }

  /** The SAM module's id, as hex of the bytes the reader returns (their layout is vendor-specific). */
  async readSamId(options: CallOptions = {}): Promise<string> {
    return (await this.#command('readSamId', options)).toString('hex');
  }

  /** Resolves when a card is on the reader; NO_CARD otherwise. */
  async findCard(options: CallOptions = {}): Promise<void> {
    await this.#command('findCard', options, [Sw3.cardFound, Sw3.success]);
  }

  async selectCard(options: CallOptions = {}): Promise<void> {
    await this.#command('selectCard', options);
  }

  async readTextAndPhoto(options: CallOptions = {}): Promise<IdCard> {
    const data = await this.#command('readTextAndPhoto', options);
    const { text, photo } = splitTextAndPhoto(data, this.device);
    return { ...parseTextBlock(text), photo };
  }

  /** Find, select and read: what a clerk's "read ID card" button does. */
  async readCard(options: CallOptions = {}): Promise<IdCard> {
    await this.findCard(options);
    await this.selectCard(options);
    return this.readTextAndPhoto(options);
  }

  /** Stops using the link and closes the transport. */
  async close(): Promise<void> {
    this.link.dispose();
    await this.link.transport.close();
  }
}
