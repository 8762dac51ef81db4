//! Schema metadata: what a record sends, described well enough to render a form or document it.

/// One field a record sends.
///
/// The derive emits a `FieldInfo` for every field that is sent, in declaration order, as
/// [`Record::FIELDS`](crate::Record::FIELDS): enough to render a form for the record or print
/// its schema.
///
/// ```
/// use lamplight_core::{FieldSource, ProfileRef, Record, ValueKind};
/// use lamplight_derive::{LamplightOption, LamplightRecord};
///
/// #[derive(LamplightOption)]
/// enum HeardVia {
///     #[lamplight(rename = "Word of mouth")]
///     WordOfMouth,
///     Website,
/// }
///
/// #[derive(LamplightRecord)]
/// #[lamplight(referral)]
/// struct Referral {
///     attendee: ProfileRef,
///     #[lamplight(rename = "How did you hear")]
///     heard_via: Option<HeardVia>,
/// }
///
/// let mut html = String::new();
/// for field in Referral::FIELDS {
///     let required = if field.required { " required" } else { "" };
///     match field.kind {
///         ValueKind::Select(_) => {
///             html += &format!("<select name=\"{}\"{required}>", field.wire_name);
///             for label in field.option_labels() {
///                 html += &format!("<option>{label}</option>");
///             }
///             html += "</select>";
///         }
///         _ => html += &format!("<input name=\"{}\"{required}>", field.wire_name),
///     }
/// }
/// assert_eq!(
///     html,
///     "<input name=\"attendee\" required><select name=\"How_did_you_hear\">\
///      <option>Word of mouth</option><option>Website</option></select>"
/// );
/// assert_eq!(Referral::FIELDS[1].label, "How did you hear");
/// assert_eq!(Referral::FIELDS[1].source, FieldSource::Custom);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    /// The Rust field name (without `r#`).
    pub rust_name: &'static str,
    /// The human label: Lamplight's label for a custom field, a readable name for a built-in.
    pub label: &'static str,
    /// The parameter name on the wire, e.g. `How_did_you_hear` or `referral_reason`.
    pub wire_name: &'static str,
    /// [`wire_name`](Self::wire_name) already percent-encoded, ready to write into a body.
    pub encoded_name: &'static str,
    /// Whether Lamplight defines the field itself or the organisation does.
    pub source: FieldSource,
    /// Whether a value must be sent (the field is not an `Option`, a list, or a flag).
    pub required: bool,
    /// What kind of value the field takes.
    pub kind: ValueKind,
}

impl FieldInfo {
    /// The option labels of a select or multi-select field; empty for other kinds.
    pub fn option_labels(&self) -> impl Iterator<Item = &'static str> + 'static {
        self.kind.options().iter().map(|option| option.label)
    }

    /// Whether this is a custom field of the organisation's own.
    pub fn is_custom(&self) -> bool {
        !matches!(self.source, FieldSource::BuiltIn)
    }
}

/// Where a field's definition comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSource {
    /// One of Lamplight's own fields (`attendee`, `first_name`, `postcode`, ...).
    BuiltIn,
    /// A custom field addressed by its label.
    Custom,
    /// A custom profile field addressed by its id: sent as `profile_field_N`.
    CustomId(u32),
}

/// One option of a select, radio, checkbox or multi-select field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionInfo {
    /// The option's label in Lamplight.
    pub label: &'static str,
    /// What is sent for it: the label, or `option_N` when the option is addressed by id.
    pub wire_value: &'static str,
    /// The option's id, when it is addressed by id.
    pub id: Option<u32>,
}

impl OptionInfo {
    /// Whether a value sent for a field with this option names it: by label, ignoring case as
    /// Lamplight does, or as `option_N` by id.
    pub(crate) fn accepts(&self, value: &str) -> bool {
        self.label.eq_ignore_ascii_case(value)
            || self.label.to_lowercase() == value.to_lowercase()
            || self.id.is_some_and(|id| {
                value
                    .strip_prefix("option_")
                    .and_then(|n| n.parse::<u32>().ok())
                    == Some(id)
            })
    }
}

/// The kind of value a field takes, as a form would need to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueKind {
    /// Free text.
    Text,
    /// A whole number.
    Integer,
    /// A decimal number.
    Decimal,
    /// A yes/no flag, sent as `1` or `0`.
    Flag,
    /// A date, sent as `YYYY-MM-DD`.
    Date,
    /// A date and time, sent as `YYYY-MM-DD HH:MM:SS`.
    DateTime,
    /// A profile, by id or email.
    Profile,
    /// One or more workarea ids, sent comma-joined.
    Workarea,
    /// A UK postcode.
    Postcode,
    /// A profile role.
    Role,
    /// One option out of a fixed set.
    Select(&'static [OptionInfo]),
    /// Any number of options out of a fixed set, sent as a PHP array.
    MultiSelect(&'static [OptionInfo]),
    /// Any number of free values, sent as a PHP array.
    List(&'static ValueKind),
}

impl ValueKind {
    /// The options of a select or multi-select; empty otherwise.
    pub const fn options(&self) -> &'static [OptionInfo] {
        match self {
            ValueKind::Select(options) | ValueKind::MultiSelect(options) => options,
            _ => &[],
        }
    }

    /// The kind of a list of `item`s: a list of options is a multi-select.
    pub const fn list_of(item: &'static ValueKind) -> ValueKind {
        match item {
            ValueKind::Select(options) | ValueKind::MultiSelect(options) => {
                ValueKind::MultiSelect(options)
            }
            _ => ValueKind::List(item),
        }
    }
}
