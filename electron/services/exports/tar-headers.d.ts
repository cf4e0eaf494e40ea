// tar-stream's header codec (its headers.js, which its extract uses): the export reader reads an
// archive by position and decodes the headers with it. Only what the reader calls is declared.
declare module 'tar-stream/headers.js' {
  export interface DecodedHeader {
    name: string;
    size: number;
    type: string;
    linkname: string | null;
  }
  /** A 512-byte header block; null for a block of zeros; throws on a bad checksum or an unknown format. */
  export function decode(block: Buffer, filenameEncoding?: string, allowUnknownFormat?: boolean): DecodedHeader | null;
  /** A pax extended header's records, by key. */
  export function decodePax(data: Buffer): Record<string, string>;
  /** A GNU long name record. */
  export function decodeLongPath(data: Buffer, encoding?: string): string;
}
