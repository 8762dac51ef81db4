//! What can be wrong with a schema file, and where.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of problem a [`SchemaError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemaErrorKind {
    /// The file could not be read.
    Io,
    /// The text is not TOML, or not this format: a syntax error, an unknown section or key, a
    /// value of the wrong type.
    Syntax,
    /// The document is well formed but describes an impossible system: a label or id used
    /// twice, a select without options, a label Lamplight cannot address.
    Invalid,
}

/// A problem with a schema file, with where it is.
///
/// Its `Display` starts with `path:line:column` as compilers print it, so editors and terminals
/// can jump to it.
#[derive(Debug)]
pub struct SchemaError {
    kind: SchemaErrorKind,
    path: Option<PathBuf>,
    location: Option<(usize, usize)>,
    message: String,
    source: Option<std::io::Error>,
}

impl SchemaError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> SchemaError {
        SchemaError {
            kind: SchemaErrorKind::Io,
            path: Some(path.to_path_buf()),
            location: None,
            message: format!("cannot read the schema file: {source}"),
            source: Some(source),
        }
    }

    pub(crate) fn syntax(message: impl Into<String>, location: Option<(usize, usize)>) -> Self {
        SchemaError {
            kind: SchemaErrorKind::Syntax,
            path: None,
            location,
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>, location: Option<(usize, usize)>) -> Self {
        SchemaError {
            kind: SchemaErrorKind::Invalid,
            ..SchemaError::syntax(message, location)
        }
    }

    pub(crate) fn in_file(mut self, path: &Path) -> SchemaError {
        self.path = Some(path.to_path_buf());
        self
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> SchemaErrorKind {
        self.kind
    }

    /// The file, when the schema was read from one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The line of the problem, counting from 1, when it has one.
    pub fn line(&self) -> Option<usize> {
        self.location.map(|(line, _)| line)
    }

    /// The column of the problem, counting characters from 1, when it has one.
    pub fn column(&self) -> Option<usize> {
        self.location.map(|(_, column)| column)
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.location) {
            (Some(path), Some((line, column))) => {
                write!(f, "{}:{line}:{column}: ", path.display())?;
            }
            (Some(path), None) => write!(f, "{}: ", path.display())?,
            (None, Some((line, column))) => write!(f, "line {line}, column {column}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for SchemaError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_from_one() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, text.find('=').unwrap()), (1, 3));
        assert_eq!(line_column(text, "a = 1\nbé ".len()), (2, 4));
    }

    #[test]
    fn display_reads_like_a_compiler_message() {
        let error = SchemaError::invalid("referral field 'X' is defined twice", Some((4, 9)))
            .in_file(Path::new("lamplight.toml"));
        assert_eq!(
            error.to_string(),
            "lamplight.toml:4:9: referral field 'X' is defined twice"
        );
    }
}
