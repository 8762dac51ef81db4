//! `lamplight.toml`: the file that describes a charity's Lamplight system.
//!
//! Lamplight's API cannot list a system's custom fields, so a charity writes them down once, from
//! its admin screens, in a `lamplight.toml` kept in its repository. One file then serves every
//! part of lamplight:
//! - the `LamplightRecord` derive checks struct fields against it at compile time;
//! - `lamplight-sandbox` serves the same system (`lamplight-sandbox --config lamplight.toml`);
//! - the `lamplight` command checks import maps and rows against it, and prints structs from it.
//!
//! How a file is read: [`Schema::from_file`] → `parse.rs` (TOML into the types of `types.rs`,
//! with unknown sections refused) → `check.rs` (the rules that span several entries: unique ids
//! and labels, options that fit their field) → [`SchemaError`] (`error.rs`) with the file, line
//! and column of the first problem. Lookups by wire name, and the "did you mean" suggestions,
//! live here in `lib.rs`.
//!
//! ```
//! use lamplight_core::RecordKind;
//! use lamplight_schema::{FieldType, Schema};
//!
//! let schema = Schema::from_toml_str(
//!     r#"
//!     [[fields.referral]]
//!     label = "How did you hear"
//!     type = "select"
//!     required = true
//!     options = [{ id = 1, label = "Website" }, { id = 2, label = "Word of mouth" }]
//!
//!     [[workareas]]
//!     id = 1
//!     name = "Youth work"
//!     "#,
//! )?;
//! let field = schema.field(RecordKind::Referral, "How_did_you_hear").unwrap();
//! assert_eq!(field.field_type, FieldType::Select);
//! assert!(field.required);
//! assert_eq!(schema.suggest(RecordKind::Referral, "How did you here"), Some("How did you hear"));
//! # Ok::<(), lamplight_schema::SchemaError>(())
//! ```

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod check;
mod error;
mod parse;
mod types;

use std::path::Path;

use lamplight_core::RecordKind;
use serde::{Deserialize, Serialize};

pub use error::{SchemaError, SchemaErrorKind};
pub use types::{
    CustomField, FieldOption, FieldType, FieldsConfig, GroupConfig, GroupKind, RelationshipType,
    SubWorkarea, WorkareaConfig,
};

/// The top-level sections that describe a system, which this crate reads.
pub const SCHEMA_SECTIONS: &[&str] = &["fields", "workareas", "relationship_types", "groups"];

/// The top-level keys that only `lamplight-sandbox` reads (credentials, seeded data, faults,
/// reply shape, limits). A schema may hold them, so that a charity's `lamplight.toml` is also a
/// ready sandbox configuration; everything else ignores them. Any other key is a mistake and is
/// refused, so that a misspelt `[[feilds.referral]]` cannot silently describe an empty system.
pub const SANDBOX_SECTIONS: &[&str] = &[
    "credentials",
    "shape",
    "chaos_seed",
    "strict",
    "latency_ms",
    "max_body_bytes",
    "max_records",
    "rate_limit",
    "request_log_limit",
    "publishing",
    "profiles",
    "work",
    "places",
    "faults",
];

/// A Lamplight system as `lamplight.toml` describes it.
///
/// Build one with [`Schema::from_file`] or [`Schema::from_toml_str`]; both check it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Schema {
    /// The custom fields of each kind of record.
    pub fields: FieldsConfig,
    /// The workarea tree.
    pub workareas: Vec<WorkareaConfig>,
    /// The relationship types defined in system admin.
    pub relationship_types: Vec<RelationshipType>,
    /// Groups and waiting lists.
    pub groups: Vec<GroupConfig>,
}

impl Schema {
    /// Parses and checks a schema document.
    ///
    /// # Errors
    /// A [`SchemaError`] with the line and column of the first problem: TOML syntax, an unknown
    /// section or key, a value of the wrong type, or a rule broken across entries (a label or id
    /// used twice, a select without options, a label Lamplight cannot address).
    ///
    /// ```
    /// let error = lamplight_schema::Schema::from_toml_str(
    ///     "[[fields.referral]]\nlabel = \"Heard via\"\ntype = \"colour\"\n",
    /// )
    /// .unwrap_err();
    /// assert_eq!(error.line(), Some(3));
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Schema, SchemaError> {
        parse::parse(text)
    }

    /// Reads, parses and checks a schema file.
    ///
    /// # Errors
    /// [`SchemaErrorKind::Io`] when the file cannot be read; otherwise as
    /// [`Schema::from_toml_str`], with the file's path in the error.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Schema, SchemaError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SchemaError::io(path, source))?;
        parse::parse(&text).map_err(|error| error.in_file(path))
    }

    /// Checks a schema built in code (a parsed one is checked already).
    ///
    /// # Errors
    /// A [`SchemaError`] naming the first problem (without a line: there is no file).
    pub fn check(&self) -> Result<(), SchemaError> {
        check::check(self).map_err(|problem| SchemaError::invalid(problem.message, None))
    }

    /// The custom fields defined for `kind`.
    ///
    /// ```
    /// use lamplight_core::RecordKind;
    ///
    /// let schema = lamplight_schema::Schema::default();
    /// assert!(schema.fields(RecordKind::Person).is_empty());
    /// ```
    pub fn fields(&self, kind: RecordKind) -> &[CustomField] {
        match kind {
            RecordKind::Referral => &self.fields.referral,
            RecordKind::Person => &self.fields.person,
            RecordKind::Organisation => &self.fields.organisation,
            RecordKind::Family => &self.fields.family,
        }
    }

    /// The custom field of `kind` that `name` addresses, matched as Lamplight matches labels:
    /// ignoring case, with spaces and `_` alike (so the label and its wire name both match).
    ///
    /// ```
    /// use lamplight_core::RecordKind;
    ///
    /// let schema = lamplight_schema::Schema::from_toml_str(
    ///     "[[fields.person]]\nlabel = \"Date of birth\"\ntype = \"date\"\n",
    /// )?;
    /// assert!(schema.field(RecordKind::Person, "date_of_birth").is_some());
    /// assert!(schema.field(RecordKind::Referral, "Date of birth").is_none());
    /// # Ok::<(), lamplight_schema::SchemaError>(())
    /// ```
    pub fn field(&self, kind: RecordKind, name: &str) -> Option<&CustomField> {
        self.fields(kind).iter().find(|field| field.matches(name))
    }

    /// The custom field of `kind` with id `id` (`profile_field_N`).
    ///
    /// ```
    /// use lamplight_core::RecordKind;
    ///
    /// let schema = lamplight_schema::Schema::from_toml_str(
    ///     "[[fields.person]]\nid = 12\nlabel = \"Gender\"\ntype = \"text\"\n",
    /// )?;
    /// assert_eq!(schema.field_by_id(RecordKind::Person, 12).unwrap().label, "Gender");
    /// # Ok::<(), lamplight_schema::SchemaError>(())
    /// ```
    pub fn field_by_id(&self, kind: RecordKind, id: u64) -> Option<&CustomField> {
        self.fields(kind).iter().find(|field| field.id == Some(id))
    }

    /// The label of `kind` nearest to `name`, for a "did you mean" hint, when one is close.
    ///
    /// ```
    /// use lamplight_core::RecordKind;
    ///
    /// let schema = lamplight_schema::Schema::from_toml_str(
    ///     "[[fields.referral]]\nlabel = \"School year\"\ntype = \"number\"\n",
    /// )?;
    /// assert_eq!(schema.suggest(RecordKind::Referral, "shool_year"), Some("School year"));
    /// assert_eq!(schema.suggest(RecordKind::Referral, "favourite colour"), None);
    /// # Ok::<(), lamplight_schema::SchemaError>(())
    /// ```
    pub fn suggest(&self, kind: RecordKind, name: &str) -> Option<&str> {
        nearest(
            name,
            self.fields(kind).iter().map(|field| field.label.as_str()),
        )
    }

    /// Every workarea id, top-level and sub-workareas alike.
    pub fn workarea_ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.workareas
            .iter()
            .flat_map(|area| std::iter::once(area.id).chain(area.children.iter().map(|c| c.id)))
    }
}

/// Whether two labels (or wire names) address the same field: Lamplight ignores case, and a
/// wire name spells each space as `_`.
///
/// ```
/// assert!(lamplight_schema::same_label("How did you hear", "how_did_you_HEAR"));
/// assert!(!lamplight_schema::same_label("How did you hear", "How did you"));
/// ```
pub fn same_label(a: &str, b: &str) -> bool {
    fold(a).eq(fold(b))
}

fn fold(label: &str) -> impl Iterator<Item = char> + '_ {
    label
        .chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .flat_map(char::to_lowercase)
}

/// The candidate nearest to `word` by edit distance over folded labels, when it is close enough
/// to be a likely typo: at most a third of the word's length, and at least one edit allowed.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = fold(word).collect();
    let limit = (word.len() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&word, &fold(candidate).collect::<Vec<_>>()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(edit_distance(&chars(""), &chars("abc")), 3);
        assert_eq!(edit_distance(&chars("same"), &chars("same")), 0);
    }

    #[test]
    fn nearest_prefers_the_closest_and_refuses_far_ones() {
        let labels = ["Website", "Word of mouth", "Poster"];
        assert_eq!(nearest("Webiste", labels), Some("Website"));
        assert_eq!(nearest("word_of_mouth", labels), Some("Word of mouth"));
        assert_eq!(nearest("Television", labels), None);
    }
}
