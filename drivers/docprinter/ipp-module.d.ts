// The `ipp` package ships no types; this is the part of it sealdesk uses.
declare module 'ipp' {
  /** An IPP message as the package builds and parses it: attribute groups keyed by their tag name. */
  export interface IppMessage {
    version?: string;
    operation?: string;
    statusCode?: string;
    id?: number;
    data?: Buffer;
    [group: string]: unknown;
  }
  const ipp: {
    serialize(message: IppMessage): Buffer;
    parse(body: Buffer): IppMessage;
  };
  export default ipp;
}
