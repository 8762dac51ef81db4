//! The traits a derived record implements.

use crate::{EncodeError, FieldInfo, Form, OptionInfo, RecordKind};

/// A record that can be written to Lamplight: a referral or a profile.
///
/// Implement it with `#[derive(LamplightRecord)]`; the derive also implements [`Create`] and,
/// for profiles, [`Update`].
///
/// ```
/// use lamplight_core::{Record, RecordKind, ProfileRef};
/// use lamplight_derive::LamplightRecord;
///
/// #[derive(LamplightRecord)]
/// #[lamplight(referral)]
/// struct Referral {
///     attendee: ProfileRef,
///     reason: String,
/// }
///
/// let referral = Referral { attendee: ProfileRef::id(653), reason: "Moving house".into() };
/// assert_eq!(Referral::KIND, RecordKind::Referral);
/// assert_eq!(referral.endpoint(), "referral/add");
/// assert_eq!(Referral::FIELDS[1].wire_name, "referral_reason");
/// assert_eq!(referral.to_form()?.to_string(), "attendee=653&referral_reason=Moving+house");
/// # Ok::<(), lamplight_core::EncodeError>(())
/// ```
pub trait Record {
    /// Which kind of record this is, and so which endpoint it is written to.
    const KIND: RecordKind;

    /// Every field the record sends, in order: enough to render a form or document the schema.
    const FIELDS: &'static [FieldInfo];

    /// The kind of this value. It is [`Self::KIND`] except for a
    /// [`DynamicRecord`](crate::DynamicRecord) whose kind is chosen at run time, so code that
    /// holds a value asks here rather than reading the constant.
    ///
    /// ```
    /// use lamplight_core::{DynamicRecord, Record, RecordKind, Role};
    ///
    /// let family = DynamicRecord::of_kind(RecordKind::Family, Some(Role::User));
    /// assert_eq!(Record::kind(&family), RecordKind::Family);
    /// ```
    fn kind(&self) -> RecordKind {
        Self::KIND
    }

    /// The endpoint that creates this record, e.g. `referral/add`.
    fn endpoint(&self) -> &'static str {
        self.kind().add_endpoint()
    }

    /// The exact parameters that will be POSTed, in field order (a profile's `role` first).
    ///
    /// Fails, naming the field, for a value holding an HTML tag or an empty required value.
    fn to_form(&self) -> Result<Form, EncodeError>;
}

/// A record Lamplight can create. Every derived record is one.
///
/// The client's `create` takes any `Create`; a type that is not a record is refused at compile
/// time with a message saying how to derive it.
///
/// ```
/// use lamplight_core::{Create, ProfileRef};
/// use lamplight_derive::LamplightRecord;
///
/// #[derive(LamplightRecord)]
/// #[lamplight(referral)]
/// struct Referral {
///     attendee: ProfileRef,
/// }
///
/// fn creatable<R: Create>(_: &R) {}
/// creatable(&Referral { attendee: ProfileRef::id(653) });
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a record Lamplight can create",
    label = "not a Lamplight record",
    note = "derive it: `#[derive(LamplightRecord)]` with `#[lamplight(referral)]`, or `#[lamplight(person, role = \"user\")]` (or `organisation`, `family`)"
)]
pub trait Create: Record {}

/// A record Lamplight can update: profiles (people, organisations and families) only.
///
/// The client's `update` takes any `Update`, so updating a referral does not compile, with a
/// message saying that Lamplight can only create referrals.
///
/// ```
/// use lamplight_core::Update;
/// use lamplight_derive::LamplightRecord;
///
/// #[derive(LamplightRecord)]
/// #[lamplight(person, role = "user")]
/// struct ServiceUser {
///     first_name: String,
///     surname: String,
/// }
///
/// fn updatable<R: Update>(_: &R) {}
/// updatable(&ServiceUser { first_name: "Sam".into(), surname: "Lee".into() });
/// ```
///
/// ```compile_fail
/// use lamplight_core::{ProfileRef, Update};
/// use lamplight_derive::LamplightRecord;
///
/// #[derive(LamplightRecord)]
/// #[lamplight(referral)]
/// struct Referral {
///     attendee: ProfileRef,
/// }
///
/// fn updatable<R: Update>(_: &R) {}
/// updatable(&Referral { attendee: ProfileRef::id(653) }); // referrals cannot be updated
/// ```
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
///
/// ```
/// use lamplight_core::LamplightOption;
/// use lamplight_derive::LamplightOption;
///
/// #[derive(LamplightOption, Debug, PartialEq)]
/// enum HeardVia {
///     #[lamplight(rename = "Word of mouth")]
///     WordOfMouth,
///     #[lamplight(option_id = 9)]
///     Website,
/// }
///
/// assert_eq!(HeardVia::WordOfMouth.label(), "Word of mouth");
/// assert_eq!(HeardVia::Website.option().wire_value, "option_9");
/// assert_eq!(HeardVia::from_label("Word of mouth"), Some(HeardVia::WordOfMouth));
/// assert_eq!(HeardVia::OPTIONS.len(), 2);
/// ```
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
