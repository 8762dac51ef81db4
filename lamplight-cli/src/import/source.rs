//! The CSV file's bytes as UTF-8 with `\n` line ends, whatever the spreadsheet saved: a UTF-8
//! byte-order mark is dropped, a file in another encoding (`--encoding windows-1252`, Excel's
//! "CSV" on Windows) is decoded as it streams, and CRLF becomes LF, all through fixed-size
//! buffers.
//!
//! CRLF is turned into LF before the CSV reader sees it so that line numbers in messages are
//! the lines a spreadsheet user counts (the CSV reader counts a record that ends in CRLF as
//! starting on the line before). A line break inside a quoted cell becomes `\n` too, as
//! Excel itself writes one.

use std::io::{BufRead, BufReader, Read};

use encoding_rs::{Decoder, Encoding, UTF_8};

const BUFFER: usize = 64 * 1024;
const UTF_8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Finds the encoding a user named (`windows-1252`, `latin1`, `utf-8`, ...), as browsers name
/// them.
pub fn encoding(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("`{label}` is not an encoding; use utf-8 (the default) or windows-1252")
    })
}

/// `file` as a stream of UTF-8 bytes.
///
/// UTF-8 is passed through untouched (the CSV reader then names the line of any invalid
/// byte); other encodings are decoded, and a file that starts with a UTF-8 byte-order mark is
/// read as UTF-8 whatever was named, since the mark says so.
pub fn utf8_reader<R: Read + Send + 'static>(
    file: R,
    encoding: &'static Encoding,
) -> std::io::Result<Box<dyn Read + Send>> {
    let mut reader = BufReader::with_capacity(BUFFER, file);
    let start = reader.fill_buf()?;
    if start.starts_with(UTF_8_BOM) {
        reader.consume(UTF_8_BOM.len());
        return Ok(Box::new(Lf::new(reader)));
    }
    if encoding == UTF_8 {
        return Ok(Box::new(Lf::new(reader)));
    }
    let decoding = Decoding {
        inner: reader,
        decoder: encoding.new_decoder_without_bom_handling(),
        out: vec![0; BUFFER].into_boxed_slice(),
        start: 0,
        end: 0,
        finished: false,
    };
    Ok(Box::new(Lf::new(BufReader::with_capacity(
        BUFFER, decoding,
    ))))
}

/// `inner` with every CRLF turned into LF; a lone CR is kept.
struct Lf<R> {
    inner: R,
    /// A CR was read last, and whether an LF follows it is not known yet.
    pending_cr: bool,
}

impl<R: BufRead> Lf<R> {
    fn new(inner: R) -> Lf<R> {
        Lf {
            inner,
            pending_cr: false,
        }
    }
}

impl<R: BufRead> Read for Lf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        while written < buf.len() {
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                if self.pending_cr {
                    self.pending_cr = false;
                    buf[written] = b'\r';
                    written += 1;
                }
                break;
            }
            let mut used = 0;
            for &byte in available {
                if written == buf.len() {
                    break;
                }
                if self.pending_cr {
                    self.pending_cr = false;
                    if byte != b'\n' {
                        buf[written] = b'\r';
                        written += 1;
                        if written == buf.len() {
                            break;
                        }
                    }
                }
                used += 1;
                if byte == b'\r' {
                    self.pending_cr = true;
                } else {
                    buf[written] = byte;
                    written += 1;
                }
            }
            self.inner.consume(used);
            // Hand over what there is rather than wait for more (the source may be a pipe).
            if written > 0 {
                break;
            }
        }
        Ok(written)
    }
}

/// Decodes `inner` into UTF-8, one buffer at a time.
struct Decoding<R> {
    inner: R,
    decoder: Decoder,
    out: Box<[u8]>,
    start: usize,
    end: usize,
    finished: bool,
}

impl<R: BufRead> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.start < self.end {
                let count = buf.len().min(self.end - self.start);
                buf[..count].copy_from_slice(&self.out[self.start..self.start + count]);
                self.start += count;
                return Ok(count);
            }
            if self.finished {
                return Ok(0);
            }
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let (result, read, written, _) =
                self.decoder.decode_to_utf8(input, &mut self.out, last);
            self.inner.consume(read);
            self.start = 0;
            self.end = written;
            if last && result == encoding_rs::CoderResult::InputEmpty {
                self.finished = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &'static [u8], label: &str) -> String {
        let mut text = String::new();
        utf8_reader(bytes, encoding(label).unwrap())
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn windows_1252_is_decoded_and_a_bom_dropped() {
        assert_eq!(
            read_all(b"Name,Fee\r\nRen\xe9e,\xa35\r\n", "windows-1252"),
            "Name,Fee\nRenée,£5\n"
        );
        assert_eq!(read_all(b"\xEF\xBB\xBFName\n", "utf-8"), "Name\n");
        assert_eq!(read_all(b"\xEF\xBB\xBFRen\xc3\xa9e\n", "cp1252"), "Renée\n");
        assert_eq!(read_all(b"", "windows-1252"), "");
        assert!(encoding("ebcdic-ish").is_err());
    }

    #[test]
    fn crlf_becomes_lf_across_any_buffer_boundary() {
        let input: &[u8] = b"a,b\r\n\"x\r\ny\",2\r\nlone\rcr\r\n\r";
        for capacity in [1, 2, 3, 64] {
            let mut lf = Lf::new(BufReader::with_capacity(capacity, input));
            let mut text = Vec::new();
            let mut chunk = [0u8; 2];
            loop {
                let read = lf.read(&mut chunk).unwrap();
                if read == 0 {
                    break;
                }
                text.extend_from_slice(&chunk[..read]);
            }
            assert_eq!(
                text, b"a,b\n\"x\ny\",2\nlone\rcr\n\r",
                "capacity {capacity}"
            );
        }
    }

    #[test]
    fn long_files_decode_across_buffers() {
        let line: &[u8] = b"caf\xe9,\xa3100\n";
        let bytes: &'static [u8] = Box::leak(line.repeat(20_000).into_boxed_slice());
        let text = read_all(bytes, "windows-1252");
        assert_eq!(text.len(), "café,£100\n".len() * 20_000);
        assert!(text.lines().all(|l| l == "café,£100"));
    }
}
