//! Reading a text file the way authors save them: UTF-8 required (with a located error
//! when it is not), a byte-order mark dropped and CRLF line endings normalised.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Kind};

/// Reads `path` as text. Errors name the first line holding a byte that is not UTF-8.
pub(crate) fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    decode(bytes, path)
}

pub(crate) fn decode(bytes: Vec<u8>, path: &Path) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = bytes[..valid]
                .iter()
                .rposition(|b| *b == b'\n')
                .map(|i| i + 1)
                .unwrap_or(0);
            let col = String::from_utf8_lossy(&bytes[line_start..valid])
                .chars()
                .count()
                + 1;
            return Err(Diagnostic::error(
                Kind::Encoding,
                path,
                line,
                col,
                "this file is not valid UTF-8 text",
            )
            .help("save the file as UTF-8 (in most editors: File → Save As… → Encoding: UTF-8)"));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    // One look for either byte: nearly every file has neither.
    if memchr::memchr2(b'\r', 1, text.as_bytes()).is_none() {
        return Ok(text);
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    // U+0001 has no use in prose, and the renderer uses it as a private mark.
    Ok(if text.contains('\u{1}') {
        text.replace('\u{1}', "")
    } else {
        text
    })
}

pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    let (what, help) = match e.kind() {
        std::io::ErrorKind::NotFound => (
            "file not found",
            "create the file, or correct the path that points to it",
        ),
        std::io::ErrorKind::PermissionDenied => (
            "permission denied when reading this file",
            "give your user read permission on the file (e.g. `chmod u+r FILE`)",
        ),
        _ => (
            "could not read this file",
            "check that the file exists and is readable",
        ),
    };
    Diagnostic::error(Kind::Io, path, 1, 1, format!("{what} ({e})")).help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let t = decode(b"\xEF\xBB\xBFa\r\nb\r\n".to_vec(), Path::new("x.md")).unwrap();
        assert_eq!(t, "a\nb\n");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = decode(b"ok\nab\xFFc".to_vec(), Path::new("x.md")).unwrap_err();
        assert_eq!((e.line, e.col), (2, 3));
    }
}
