//! The EPUB's zip container (OCF): `mimetype` first, stored and without extra fields, then
//! `META-INF/container.xml` naming the package document, then the publication's files in
//! order, each dated with the book's date, so the same sources give the same bytes.
//!
//! The `zip` crate writes the archive. A book is a thousand small documents, and a fresh
//! deflate compressor costs more to set up (zeroing its tables) than a chapter costs to
//! compress: a compressor per file (`zip`'s `PreparedZipFile`) added a tenth to an EPUB
//! build's instructions. So the files are compressed in parallel in runs of `RUN`, each run
//! by one writer that reuses its compressor, and the runs are copied into the archive in
//! order (`merge_archive`, which copies the compressed bytes as they are). Each writer seeks
//! back to fill in its headers, so no data descriptors are written and `mimetype`'s local
//! header is the plain one epubcheck reads at a fixed offset.

use std::io::{Cursor, Write};

use rayon::prelude::*;
use zip::result::ZipResult;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::render::epub::{Date, Publication, PACKAGE};

/// Files compressed by one writer: enough that setting up its compressor is cheap beside
/// them, few enough that a thousand-chapter book still spreads over every thread.
const RUN: usize = 64;

/// The container as bytes.
pub(crate) fn package(p: &Publication) -> Result<Vec<u8>, String> {
    write(p).map_err(|e| e.to_string())
}

fn write(p: &Publication) -> ZipResult<Vec<u8>> {
    let container = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"{PACKAGE}\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n"
    );
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(zip_time(p.date));
    let deflated = stored
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    let runs: Vec<Vec<u8>> = p
        .files
        .par_chunks(RUN)
        .map(|run| {
            let mut z = ZipWriter::new(Cursor::new(Vec::new()));
            for (path, bytes) in run {
                let options = if is_compressed(path) {
                    stored
                } else {
                    deflated
                };
                z.start_file(path, options)?;
                z.write_all(bytes)?;
            }
            Ok(z.finish()?.into_inner())
        })
        .collect::<ZipResult<_>>()?;
    let size = runs.iter().map(Vec::len).sum::<usize>() + 512;
    let mut z = ZipWriter::new(Cursor::new(Vec::with_capacity(size)));
    z.start_file("mimetype", stored)?;
    z.write_all(b"application/epub+zip")?;
    z.start_file("META-INF/container.xml", deflated)?;
    z.write_all(container.as_bytes())?;
    for run in runs {
        z.merge_archive(ZipArchive::new(Cursor::new(run))?)?;
    }
    Ok(z.finish()?.into_inner())
}

/// Images are compressed already; deflating them again only costs time.
fn is_compressed(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The date as a zip date: zip dates run from 1980 to 2107 and count seconds in twos, so an
/// earlier date is 1980-01-01 and a later year is 2107.
fn zip_time(d: Date) -> DateTime {
    if d.year < 1980 {
        return DateTime::default();
    }
    DateTime::from_date_and_time(d.year.min(2107), d.month, d.day, d.hour, d.minute, d.second)
        .unwrap_or_default()
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

    #[test]
    fn files_across_several_runs_keep_their_order_and_give_the_same_bytes_twice() {
        let files: Vec<(String, Vec<u8>)> = (0..RUN * 2 + 5)
            .map(|i| {
                (
                    format!("EPUB/text/{i}.xhtml"),
                    format!("<p>{i}</p>").into_bytes(),
                )
            })
            .collect();
        let p = Publication {
            files: files.clone(),
            date: Date::from_unix(1_700_000_000),
        };
        let bytes = package(&p).unwrap();
        assert_eq!(bytes, package(&p).unwrap());
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(z.len(), files.len() + 2);
        for (i, (name, content)) in files.iter().enumerate() {
            let mut f = z.by_index(i + 2).unwrap();
            assert_eq!(f.name().unwrap(), name.as_str());
            let mut back = Vec::new();
            f.read_to_end(&mut back).unwrap();
            assert_eq!(&back, content);
        }
    }

    #[test]
    fn dates_outside_what_zip_holds_are_clamped() {
        assert_eq!(zip_time(Date::from_unix(0)), DateTime::default());
        let late = zip_time(Date::from_unix(5_000_000_000)); // 2128-06-11
        assert_eq!((late.year(), late.month(), late.day()), (2107, 6, 11));
    }
}
