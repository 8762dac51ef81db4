//! Why a record could not be turned into request parameters.

use std::borrow::Cow;
use std::fmt;

/// A record that cannot be sent, and the field that is to blame.
///
/// Nothing is sent when encoding fails: Lamplight would reject the request anyway, and for HTML
/// it would reject the whole request as an attack (error 9999).
///
/// ```
/// use lamplight_core::{EncodeError, Form};
///
/// let mut form = Form::new();
/// let err: EncodeError = form.push("Notes", "<b>urgent</b>").unwrap_err();
/// assert_eq!(err.field(), "Notes");
/// assert!(err.to_string().contains("HTML tag `<b>`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    field: Cow<'static, str>,
    wire_name: Cow<'static, str>,
    kind: EncodeErrorKind,
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// The value contains an HTML tag; Lamplight would refuse the whole request (error 9999).
    HtmlTag {
        /// The tag found, e.g. `<b>`.
        tag: String,
    },
    /// A required value is empty.
    Empty,
    /// The value is not one of the options the schema file lists for the field.
    UnknownOption {
        /// The value given.
        value: String,
        /// The labels of the field's options.
        options: Vec<String>,
    },
    /// The value cannot be represented on the wire (e.g. a NaN number), or breaks a rule of the
    /// schema (e.g. a label a dynamic record cannot use).
    Invalid {
        /// Why, in a sentence that says how to fix it.
        reason: String,
    },
}

impl EncodeError {
    /// An error about `field` (the Rust field name, or the label for a dynamic record), whose
    /// wire name is `wire_name`.
    pub fn new(
        field: impl Into<Cow<'static, str>>,
        wire_name: impl Into<Cow<'static, str>>,
        kind: EncodeErrorKind,
    ) -> Self {
        EncodeError {
            field: field.into(),
            wire_name: wire_name.into(),
            kind,
        }
    }

    /// The field to blame: the Rust field name for a derived record, the label otherwise.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The parameter name the field is sent under.
    pub fn wire_name(&self) -> &str {
        &self.wire_name
    }

    /// What is wrong.
    pub fn kind(&self) -> &EncodeErrorKind {
        &self.kind
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field `{}`", self.field)?;
        if self.wire_name != self.field {
            write!(f, " (sent as `{}`)", self.wire_name)?;
        }
        match &self.kind {
            EncodeErrorKind::HtmlTag { tag } => write!(
                f,
                " contains the HTML tag `{tag}`; Lamplight rejects any request holding HTML as an \
                 attack (error 9999), so remove the markup or write `<` and `>` apart from words"
            ),
            EncodeErrorKind::Empty => write!(
                f,
                " is required but empty; give it a value, or make the field an `Option` if it \
                 may be left out"
            ),
            EncodeErrorKind::UnknownOption { value, options } => {
                write!(f, " is `{value}`, which is not one of its options: ")?;
                for (i, option) in options.iter().enumerate() {
                    let sep = match i {
                        0 => "",
                        _ if i + 1 == options.len() => " or ",
                        _ => ", ",
                    };
                    write!(f, "{sep}`{option}`")?;
                }
                f.write_str("; Lamplight would store the record without it")
            }
            EncodeErrorKind::Invalid { reason } => write!(f, ": {reason}"),
        }
    }
}

impl std::error::Error for EncodeError {}
