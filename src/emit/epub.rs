//! The EPUB's zip container (OCF): `mimetype` first, stored and without extra fields, then
//! `META-INF/container.xml` naming the package document, then the publication's files in
//! order. Files are compressed in parallel and added in a fixed order, each dated with the
//! book's date, so the same sources give the same bytes.

use std::io::{Cursor, Write};

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, PreparedZipFile, ZipWriter};

use crate::render::epub::{Date, Publication, PACKAGE};

/// The container as bytes.
pub fn package(p: &Publication) -> zip::result::ZipResult<Vec<u8>> {
    let time = zip_time(p.date);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let deflated = stored
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    z.start_file("mimetype", stored)?;
    z.write_all(b"application/epub+zip")?;
    let container = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"{PACKAGE}\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n"
    );
    z.start_file("META-INF/container.xml", deflated)?;
    z.write_all(container.as_bytes())?;
    let prepared: Vec<zip::result::ZipResult<PreparedZipFile>> = p
        .files
        .par_iter()
        .map(|(path, bytes)| {
            // Images are compressed already; deflating them again only costs time.
            let options = if is_compressed(path) {
                stored
            } else {
                deflated
            };
            PreparedZipFile::from_data(path, options, bytes)
        })
        .collect();
    for f in prepared {
        z.add_prepared_file(f?)?;
    }
    Ok(z.finish()?.into_inner())
}

fn is_compressed(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The date as a zip timestamp (zip dates start in 1980).
fn zip_time(d: Date) -> DateTime {
    if d.year < 1980 {
        return DateTime::default();
    }
    DateTime::from_date_and_time(d.year, d.month, d.day, d.hour, d.minute, d.second)
        .unwrap_or_default()
}
