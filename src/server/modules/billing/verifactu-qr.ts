/**
 * The verification QR code of an invoice, drawn by `qrcode` (maintained, pure JavaScript):
 * ISO/IEC 18004, error correction level M as the AEAT asks, as a PNG for the PDF.
 */
import QRCode from 'qrcode';

export async function qrPng(url: string, widthPx = 300): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: widthPx });
}
