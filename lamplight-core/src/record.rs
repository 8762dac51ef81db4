//! The traits a derived record implements.

use crate::{EncodeError, FieldInfo, Form, OptionInfo, RecordKind};

/// A record that can be written to Lamplight: a referral or a profile.
///
/// Implement it with `#[derive(LamplightRecord)]`; the derive also implements [`Create`] and,
/// for profiles, [`Update`].
pub trait Record {
    /// Which kind of record this is, and so which endpoint it is written to.
    const KIND: RecordKind;

    /// Every field the record sends, in order: enough to render a form or document the schema.
    const FIELDS: &'static [FieldInfo];

    /// The endpoint that creates this record, e.g. `referral/add`.
    fn endpoint(&self) -> &'static str {
        Self::KIND.add_endpoint()
    }

    /// The exact parameters that will be POSTed, in field order (a profile's `role` first).
    ///
    /// Fails, naming the field, for a value holding an HTML tag or an empty required value.
    fn to_form(&self) -> Result<Form, EncodeError>;
}

/// A record Lamplight can create. Every derived record is one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a record Lamplight can create",
    label = "not a Lamplight record",
    note = "derive it: `#[derive(LamplightRecord)]` with `#[lamplight(referral)]`, or `#[lamplight(person, role = \"user\")]` (or `organisation`, `family`)"
)]
pub trait Create: Record {}

/// A record Lamplight can update: profiles (people, organisations and families) only.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be updated: Lamplight only updates profiles",
    label = "Lamplight can create this record but never update it",
    note = "referrals can only be created, with `client.create(&referral)`: Lamplight offers no way to read, list or update them",
    note = "only records derived with `#[lamplight(person, ..)]`, `#[lamplight(organisation, ..)]` or `#[lamplight(family, ..)]` can be updated"
)]
pub trait Update: Record {}

/// The options of a select, radio or checkbox field, as a fieldless enum.
///
/// Implement it with `#[derive(LamplightOption)]`, which also makes the enum a
/// [`FieldValue`](crate::FieldValue): one option as a select, a `Vec` or set of them as a
/// multi-select.
pub trait LamplightOption: Sized + 'static {
    /// Every option, in declaration order.
    const OPTIONS: &'static [OptionInfo];

    /// This option's entry in [`OPTIONS`](Self::OPTIONS).
    fn option(&self) -> &'static OptionInfo;

    /// The option whose label is `label`, exactly as Lamplight spells it.
    fn from_label(label: &str) -> Option<Self>;

    /// This option's label in Lamplight.
    fn label(&self) -> &'static str {
        self.option().label
    }
}
