//! The sections of `lamplight.toml` that describe a Lamplight system.

use serde::{Deserialize, Serialize};

use crate::same_label;

fn yes() -> bool {
    true
}

/// The type of a custom field, which decides what values it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    /// Free text.
    Text,
    /// A number (integer or decimal, optionally negative).
    Number,
    /// A date, `YYYY-MM-DD` (a `YYYY-MM-DD HH:MM:SS` value is accepted too).
    Date,
    /// One option, by label.
    Select,
    /// One option, by label (radio buttons).
    Radio,
    /// Any number of options, by label, sent as a PHP-style array.
    MultiSelect,
    /// With options: any number of them, by label. Without options: a single tick, `1` or `0`.
    Checkbox,
}

impl FieldType {
    /// Whether the field's values are option labels.
    ///
    /// ```
    /// use lamplight_schema::FieldType;
    ///
    /// assert!(FieldType::Radio.has_options());
    /// assert!(!FieldType::Date.has_options());
    /// ```
    pub fn has_options(self) -> bool {
        matches!(
            self,
            FieldType::Select | FieldType::Radio | FieldType::MultiSelect | FieldType::Checkbox
        )
    }

    /// Whether the field takes several values.
    ///
    /// ```
    /// use lamplight_schema::FieldType;
    ///
    /// assert!(FieldType::MultiSelect.is_multiple());
    /// assert!(!FieldType::Select.is_multiple());
    /// ```
    pub fn is_multiple(self) -> bool {
        matches!(self, FieldType::MultiSelect | FieldType::Checkbox)
    }

    /// The name used in `lamplight.toml` (`multi-select`, ...).
    ///
    /// ```
    /// assert_eq!(lamplight_schema::FieldType::MultiSelect.as_str(), "multi-select");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Select => "select",
            FieldType::Radio => "radio",
            FieldType::MultiSelect => "multi-select",
            FieldType::Checkbox => "checkbox",
        }
    }
}

/// One option of a select, radio, multi-select or checkbox field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOption {
    /// The option's id (`option_N` on the wire for profiles).
    pub id: u64,
    /// The option's label, which is its value on the wire.
    pub label: String,
}

/// A custom field defined in Lamplight's admin screens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomField {
    /// The field's id (`profile_field_N` on the wire for profiles). Optional for referrals.
    #[serde(default)]
    pub id: Option<u64>,
    /// The label. Its wire name is the label with spaces as `_`, matched ignoring case.
    pub label: String,
    /// `type` in the file: which values the field takes.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The options, for select, radio, multi-select and checkbox fields.
    #[serde(default)]
    pub options: Vec<FieldOption>,
    /// Whether the API may write it (default true). Writing a field that is not writable
    /// saves the rest of a profile and answers 1058.
    #[serde(default = "yes")]
    pub writable: bool,
    /// Whether the API may read it (default true): published on profile reads and usable as a
    /// search filter.
    #[serde(default = "yes")]
    pub readable: bool,
    /// Whether Lamplight's admin made the field mandatory (default false): a record written
    /// without it is refused.
    #[serde(default)]
    pub required: bool,
}

impl CustomField {
    /// The wire name: the label with every space replaced by `_`.
    ///
    /// ```
    /// # let field: lamplight_schema::CustomField =
    /// #     toml::from_str("label = 'How did you hear'\ntype = 'text'").unwrap();
    /// assert_eq!(field.wire_name(), "How_did_you_hear");
    /// ```
    pub fn wire_name(&self) -> String {
        self.label.replace(' ', "_")
    }

    /// Whether `name` addresses this field as Lamplight matches it: ignoring case, with spaces
    /// and `_` alike, so the label and its wire name both match.
    ///
    /// ```
    /// # let field: lamplight_schema::CustomField =
    /// #     toml::from_str("label = 'How did you hear'\ntype = 'text'").unwrap();
    /// assert!(field.matches("how_did_you_HEAR"));
    /// assert!(!field.matches("How did you here"));
    /// ```
    pub fn matches(&self, name: &str) -> bool {
        same_label(&self.label, name)
    }

    /// The option whose label is `label`, matched ignoring case as Lamplight does.
    ///
    /// ```
    /// # let field: lamplight_schema::CustomField = toml::from_str(
    /// #     "label = 'Heard'\ntype = 'select'\noptions = [{ id = 1, label = 'Website' }]",
    /// # ).unwrap();
    /// assert_eq!(field.option("website").map(|o| o.id), Some(1));
    /// ```
    pub fn option(&self, label: &str) -> Option<&FieldOption> {
        self.options
            .iter()
            .find(|option| option.label.to_lowercase() == label.to_lowercase())
    }

    /// The option with id `id`.
    pub fn option_by_id(&self, id: u64) -> Option<&FieldOption> {
        self.options.iter().find(|option| option.id == id)
    }
}

/// The custom fields defined for each kind of record, in `[[fields.referral]]`,
/// `[[fields.person]]`, `[[fields.organisation]]` and `[[fields.family]]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldsConfig {
    /// Referral fields.
    pub referral: Vec<CustomField>,
    /// Person profile fields.
    pub person: Vec<CustomField>,
    /// Organisation profile fields.
    pub organisation: Vec<CustomField>,
    /// Family profile fields.
    pub family: Vec<CustomField>,
}

/// A top-level workarea and its children (Lamplight's tree has two levels).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkareaConfig {
    /// The workarea's id.
    pub id: u64,
    /// The name shown in Lamplight.
    pub name: String,
    /// Its sub-workareas.
    #[serde(default)]
    pub children: Vec<SubWorkarea>,
}

/// A sub-workarea: a leaf of the workarea tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubWorkarea {
    /// The sub-workarea's id.
    pub id: u64,
    /// The name shown in Lamplight.
    pub name: String,
}

/// What kind of group a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// A manual group: the API may add members.
    Manual,
    /// A waiting list: the API may add members.
    WaitingList,
    /// A group whose members Lamplight computes: the API may not add any (1082).
    Automatic,
}

/// A group or waiting list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    /// The group's id (`group_id` on the wire).
    pub id: u64,
    /// The name shown in Lamplight.
    pub name: String,
    /// Manual, waiting list or automatic.
    pub kind: GroupKind,
    /// Profiles already in it (used by the sandbox; a schema may leave it out).
    #[serde(default)]
    pub members: Vec<u64>,
}

/// A relationship type from system admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationshipType {
    /// The `relationship_id` on the wire.
    pub id: u64,
    /// Its name, e.g. "Parent of".
    pub name: String,
}
