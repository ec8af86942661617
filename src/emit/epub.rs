//! The EPUB's zip container (OCF): `mimetype` first, stored and without extra fields, then
//! `META-INF/container.xml` naming the package document, then the publication's files in
//! order, each dated with the book's date, so the same sources give the same bytes.
//!
//! The container is written here rather than through the `zip` crate: a book is a
//! thousand small documents, and setting up a compressor for each (as `zip` does) cost
//! more than compressing them. One compressor per thread is reset between files, the
//! files are compressed in parallel, and the archive is the plain format EPUB asks for
//! (no ZIP64, no encryption, no extra fields).

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;

use crate::render::epub::{Date, Publication, PACKAGE};

/// One member of the archive, ready to write.
struct Member<'a> {
    name: &'a str,
    /// 0 stored, 8 deflated.
    method: u16,
    crc: u32,
    size: u32,
    data: std::borrow::Cow<'a, [u8]>,
}

/// The container as bytes; an error only when the book is beyond what a zip without
/// ZIP64 holds (65,535 files, 4 GB).
pub(crate) fn package(p: &Publication) -> Result<Vec<u8>, String> {
    let container = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"{PACKAGE}\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n"
    );
    let mut members = vec![member("mimetype", b"application/epub+zip", false, None)?];
    members.push(member(
        "META-INF/container.xml",
        container.as_bytes(),
        true,
        None,
    )?);
    let rest: Result<Vec<Member>, String> = p
        .files
        .par_iter()
        .map_init(
            || Compress::new(Compression::new(6), false),
            |c, (path, bytes)| member(path, bytes, !is_compressed(path), Some(c)),
        )
        .collect();
    members.extend(rest?);
    write(&members, dos_time(p.date))
}

/// A member, deflated with `c` (or a compressor of its own) when `deflate`.
fn member<'a>(
    name: &'a str,
    bytes: &'a [u8],
    deflate: bool,
    c: Option<&mut Compress>,
) -> Result<Member<'a>, String> {
    let size = u32::try_from(bytes.len()).map_err(|_| format!("{name} is larger than 4 GB"))?;
    let crc = crc32fast::hash(bytes);
    let (method, data) = if deflate && !bytes.is_empty() {
        let mut own;
        let c = match c {
            Some(c) => c,
            None => {
                own = Compress::new(Compression::new(6), false);
                &mut own
            }
        };
        (8, compress(c, bytes)?.into())
    } else {
        (0, bytes.into())
    };
    Ok(Member {
        name,
        method,
        crc,
        size,
        data,
    })
}

/// Raw deflate of `bytes`, the compressor reset first.
fn compress(c: &mut Compress, bytes: &[u8]) -> Result<Vec<u8>, String> {
    c.reset();
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    loop {
        let read = c.total_in() as usize;
        if out.len() == out.capacity() {
            out.reserve(bytes.len() / 4 + 64);
        }
        match c.compress_vec(&bytes[read..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return Ok(out),
            Ok(_) => {}
            Err(e) => return Err(format!("deflate failed: {e}")),
        }
    }
}

/// Images are compressed already; deflating them again only costs time.
fn is_compressed(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The archive: local headers and data, the central directory, its end record.
fn write(members: &[Member], (time, date): (u16, u16)) -> Result<Vec<u8>, String> {
    let total: usize = members
        .iter()
        .map(|m| m.data.len() + 2 * m.name.len() + 80)
        .sum();
    let mut out = Vec::with_capacity(total + 22);
    let mut central = Vec::new();
    for m in members {
        let offset = u32::try_from(out.len()).map_err(|_| "the EPUB is larger than 4 GB")?;
        let csize = u32::try_from(m.data.len()).map_err(|_| "a file is larger than 4 GB")?;
        let name_len = u16::try_from(m.name.len()).map_err(|_| "a file name is too long")?;
        // The fields both headers share, from "version needed" to the name's length.
        let mut common = Vec::with_capacity(26);
        for v in [20u16, 0, m.method, time, date] {
            common.extend_from_slice(&v.to_le_bytes());
        }
        for v in [m.crc, csize, m.size] {
            common.extend_from_slice(&v.to_le_bytes());
        }
        common.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(&0u16.to_le_bytes()); // no extra field
        out.extend_from_slice(m.name.as_bytes());
        out.extend_from_slice(&m.data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by: MS-DOS, zip 2.0
        central.extend_from_slice(&common);
        // Extra field, comment, disk, internal and external attributes: none.
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(m.name.as_bytes());
    }
    let count = u16::try_from(members.len()).map_err(|_| "the EPUB has more than 65,535 files")?;
    let dir_offset = u32::try_from(out.len()).map_err(|_| "the EPUB is larger than 4 GB")?;
    let dir_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // this disk, the directory's disk
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&dir_size.to_le_bytes());
    out.extend_from_slice(&dir_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // no comment
    Ok(out)
}

/// The date as MS-DOS time and date fields (zip dates start in 1980; seconds are even).
fn dos_time(d: Date) -> (u16, u16) {
    if d.year < 1980 {
        return (0, 1 << 5 | 1);
    }
    let time = u16::from(d.hour) << 11 | u16::from(d.minute) << 5 | u16::from(d.second / 2);
    let date = (d.year.min(2107) - 1980) << 9 | u16::from(d.month) << 5 | u16::from(d.day);
    (time, date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_container_reads_back_with_mimetype_first_and_stored() {
        let p = Publication {
            files: vec![
                ("EPUB/package.opf".into(), b"<package/>".to_vec()),
                ("EPUB/text/a.xhtml".into(), "é".repeat(5000).into_bytes()),
                ("EPUB/media/x.png".into(), vec![0x89, b'P', b'N', b'G']),
            ],
            date: Date::from_unix(1_700_000_000),
        };
        let bytes = package(&p).unwrap();
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = z.file_names().map(|n| n.unwrap().to_string()).collect();
        assert_eq!(z.len(), 5, "{names:?}");
        let first = z.by_index(0).unwrap();
        assert_eq!(first.name().unwrap(), "mimetype");
        assert_eq!(first.compression(), zip::CompressionMethod::Stored);
        assert!(first.extra_data().is_none_or(|e| e.is_empty()));
        drop(first);
        let mut doc = z.by_name("EPUB/text/a.xhtml").unwrap();
        assert_eq!(doc.compression(), zip::CompressionMethod::Deflated);
        let mut text = String::new();
        doc.read_to_string(&mut text).unwrap();
        assert_eq!(text, "é".repeat(5000));
        let t = doc.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2023, 11, 14, 22));
        drop(doc);
        let png = z.by_name("EPUB/media/x.png").unwrap();
        assert_eq!(png.compression(), zip::CompressionMethod::Stored);
    }
}
