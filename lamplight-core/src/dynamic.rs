//! Records whose schema is known only at run time: a form's fields read from a file, a CSV
//! import's column map.
//!
//! [`DynamicRecord`] follows exactly the naming rules the derive enforces at compile time (see
//! [`schema`](crate::schema)), and reports a broken rule from
//! [`to_form`](crate::Record::to_form) as an [`EncodeError`] naming the field.
//!
//! ```
//! use lamplight_core::dynamic::DynamicRecord;
//! use lamplight_core::{ProfileRef, Record};
//!
//! let referral = DynamicRecord::referral()
//!     .set("attendee", ProfileRef::id(653))
//!     .set("reason", "Struggling at school")
//!     .set("How did you hear", "Website")
//!     .set_many("Interests", ["Art", "Music"]);
//! assert_eq!(
//!     referral.to_form()?.to_string(),
//!     "attendee=653&referral_reason=Struggling+at+school&How_did_you_hear=Website\
//!      &Interests[0]=Art&Interests[1]=Music"
//! );
//!
//! let broken = DynamicRecord::referral().set("attendee", 653).set("school_year", 9);
//! let err = broken.to_form().unwrap_err();
//! assert_eq!(err.field(), "school_year");
//! # Ok::<(), lamplight_core::EncodeError>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::schema::{
    article, builtin_clash, builtin_for, builtins, check_label, misplaced_builtin, role_refused,
    same_wire_name, wire_name,
};
use crate::{
    Create, EncodeError, EncodeErrorKind, FieldInfo, FieldValue, FieldWriter, Form, Record,
    RecordKind, Role, Update, ValueKind,
};

mod sealed {
    pub trait Sealed {}
}

/// The kind of a [`DynamicRecord`], as a type: [`Referral`], [`Person`], [`Organisation`] or
/// [`Family`].
pub trait DynamicKind: sealed::Sealed {
    /// The record kind.
    const KIND: RecordKind;
}

/// A [`DynamicKind`] that is a profile, and so can be updated and take custom fields by id.
pub trait ProfileKind: DynamicKind {}

macro_rules! kinds {
    ($($(#[$doc:meta])* $name:ident => $kind:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl DynamicKind for $name {
            const KIND: RecordKind = RecordKind::$kind;
        }
    )*};
}

kinds! {
    /// Marks a dynamic referral (`referral/add`).
    Referral => Referral;
    /// Marks a dynamic person's profile (`people/...`).
    Person => Person;
    /// Marks a dynamic organisation's profile (`orgs/...`).
    Organisation => Organisation;
    /// Marks a dynamic family's profile (`family/...`).
    Family => Family;
}

impl ProfileKind for Person {}
impl ProfileKind for Organisation {}
impl ProfileKind for Family {}

impl<K: ProfileKind> Update for DynamicRecord<K> {}

/// How a field was addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// A built-in if the name is one, a custom field's label otherwise.
    Auto,
    /// A built-in, by its field name or wire name.
    BuiltIn,
    /// A custom profile field by id: `profile_field_N`.
    FieldId(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct DynamicField {
    name: String,
    target: Target,
    value: Result<Encoded, EncodeErrorKind>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Encoded {
    items: Vec<String>,
    list: bool,
}

/// A record built at run time, field by field.
///
/// `K` is the kind: build one with [`DynamicRecord::referral`], [`DynamicRecord::person`],
/// [`DynamicRecord::organisation`] or [`DynamicRecord::family`]. Every kind can be created; only
/// profiles can be updated, as with derived records.
///
/// A field name that is one of the kind's built-ins (`attendee`, `reason`, `first_name`,
/// `postcode`, ...) sets that built-in; any other name is a custom field's label as Lamplight
/// shows it (`How did you hear`), sent with its spaces turned into `_`. Setting the same name
/// twice keeps the last value.
#[derive(Clone, PartialEq, Eq)]
pub struct DynamicRecord<K> {
    role: Option<Role>,
    fields: Vec<DynamicField>,
    kind: PhantomData<fn() -> K>,
}

impl DynamicRecord<Referral> {
    /// An empty referral. It needs at least an `attendee`.
    pub fn referral() -> Self {
        DynamicRecord::empty(None)
    }
}

impl DynamicRecord<Person> {
    /// An empty person's profile with `role` (`user`, `contact`, `staff` or `funder`).
    pub fn person(role: Role) -> Self {
        DynamicRecord::empty(Some(role))
    }
}

impl DynamicRecord<Organisation> {
    /// An empty organisation's profile with `role` (`user`, `contact`, `funder` or `org`).
    pub fn organisation(role: Role) -> Self {
        DynamicRecord::empty(Some(role))
    }
}

impl DynamicRecord<Family> {
    /// An empty family's profile with `role`.
    pub fn family(role: Role) -> Self {
        DynamicRecord::empty(Some(role))
    }
}

impl<K: DynamicKind> DynamicRecord<K> {
    fn empty(role: Option<Role>) -> Self {
        DynamicRecord {
            role,
            fields: Vec::new(),
            kind: PhantomData,
        }
    }

    /// Sets a built-in field by name (`attendee`, `reason`, `postcode`, ...), or a custom field
    /// by its Lamplight label (`How did you hear`). `value` is anything a derived field may be:
    /// text, a number, a date, a [`ProfileRef`](crate::ProfileRef), an option enum, a list...
    ///
    /// ```
    /// use lamplight_core::dynamic::DynamicRecord;
    /// use lamplight_core::{Record, Role};
    ///
    /// let person = DynamicRecord::person(Role::User)
    ///     .set("first_name", "Sam")
    ///     .set("Date of birth", time::macros::date!(2010 - 05 - 04));
    /// assert_eq!(
    ///     person.to_form()?.to_string(),
    ///     "role=user&first_name=Sam&Date_of_birth=2010-05-04"
    /// );
    /// # Ok::<(), lamplight_core::EncodeError>(())
    /// ```
    pub fn set<T: FieldValue>(self, name: impl Into<String>, value: T) -> Self {
        self.insert(name.into(), Target::Auto, encode(&value))
    }

    /// Sets a multi-select custom field (or any list) to the options labelled `values`, sent as
    /// `Label[0]=a&Label[1]=b`.
    pub fn set_many<I>(self, label: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let items: Vec<String> = values.into_iter().map(Into::into).collect();
        self.insert(label.into(), Target::Auto, encode(&items))
    }

    /// Sets a built-in field, by its field name or wire name; naming anything else is an error
    /// from [`to_form`](Record::to_form).
    pub fn set_builtin<T: FieldValue>(self, name: impl Into<String>, value: T) -> Self {
        self.insert(name.into(), Target::BuiltIn, encode(&value))
    }

    /// Whether no field has been set.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    fn insert(
        mut self,
        name: String,
        target: Target,
        value: Result<Encoded, EncodeErrorKind>,
    ) -> Self {
        self.fields
            .retain(|field| !(field.name == name && field.target == target));
        self.fields.push(DynamicField {
            name,
            target,
            value,
        });
        self
    }

    /// The field's label and wire name, or why it breaks the naming rules.
    fn resolve(&self, field: &DynamicField) -> Result<(Cow<'static, str>, String), EncodeError> {
        let kind = K::KIND;
        let name = field.name.as_str();
        let invalid = |reason: String| {
            EncodeError::new(
                name.to_owned(),
                name.to_owned(),
                EncodeErrorKind::Invalid { reason },
            )
        };
        match field.target {
            Target::FieldId(id) => Ok((Cow::Owned(name.to_owned()), format!("profile_field_{id}"))),
            Target::BuiltIn => match builtin_for(kind, name) {
                Some(builtin) => Ok((Cow::Owned(name.to_owned()), builtin.wire_name.to_owned())),
                None => Err(invalid(misplaced_builtin(kind, name).unwrap_or_else(
                    || {
                        format!(
                            "{} has no built-in field `{name}`; its built-ins are {}",
                            article(kind),
                            builtins(kind)
                                .map(|b| format!("`{}`", b.rust_names[0]))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                ))),
            },
            Target::Auto => {
                if let Some(builtin) = builtin_for(kind, name) {
                    return Ok((Cow::Owned(name.to_owned()), builtin.wire_name.to_owned()));
                }
                if let Some(reason) = misplaced_builtin(kind, name) {
                    return Err(invalid(reason));
                }
                check_label(name).map_err(|err| invalid(err.to_string()))?;
                let wire = wire_name(name);
                if let Some(reason) = builtin_clash(kind, &wire) {
                    return Err(invalid(reason));
                }
                Ok((Cow::Owned(name.to_owned()), wire))
            }
        }
    }
}

impl<K: ProfileKind> DynamicRecord<K> {
    /// Sets the custom profile field with id `field_id`, sent as `profile_field_N`; for a
    /// select, send the option as `option_N`.
    ///
    /// ```
    /// use lamplight_core::dynamic::DynamicRecord;
    /// use lamplight_core::{Record, Role};
    ///
    /// let person = DynamicRecord::person(Role::User).set_field_id(123, "option_54");
    /// assert_eq!(person.to_form()?.to_string(), "role=user&profile_field_123=option_54");
    /// # Ok::<(), lamplight_core::EncodeError>(())
    /// ```
    pub fn set_field_id<T: FieldValue>(self, field_id: u32, value: T) -> Self {
        self.insert(
            format!("profile_field_{field_id}"),
            Target::FieldId(field_id),
            encode(&value),
        )
    }

    /// The profile's role.
    pub fn role(&self) -> Option<Role> {
        self.role
    }
}

/// Encodes a value once, when it is set, so that the record holds no borrowed data.
fn encode<T: FieldValue + ?Sized>(value: &T) -> Result<Encoded, EncodeErrorKind> {
    let mut scratch = Form::new();
    let mut out = FieldWriter::new(
        &mut scratch,
        "value",
        Cow::Borrowed("v"),
        Cow::Borrowed("v"),
    );
    value
        .write(&mut out)
        .and_then(|()| out.finish(T::REQUIRED))
        .map_err(|err| err.kind().clone())?;
    let list = matches!(T::KIND, ValueKind::List(_) | ValueKind::MultiSelect(_))
        || scratch.pairs().any(|(name, _)| name != "v");
    Ok(Encoded {
        items: scratch.pairs().map(|(_, value)| value.to_owned()).collect(),
        list,
    })
}

impl<K: DynamicKind> Record for DynamicRecord<K> {
    const KIND: RecordKind = K::KIND;
    const FIELDS: &'static [FieldInfo] = &[];

    fn to_form(&self) -> Result<Form, EncodeError> {
        let kind = K::KIND;
        let mut form = Form::with_capacity(self.fields.len() + 1);
        if kind.is_profile() {
            let role = self
                .role
                .ok_or_else(|| EncodeError::new("role", "role", EncodeErrorKind::Empty))?;
            if let Some(reason) = role_refused(kind, role) {
                return Err(EncodeError::new(
                    "role",
                    "role",
                    EncodeErrorKind::Invalid { reason },
                ));
            }
            form.push("role", role.as_str())?;
        }
        let mut sent: Vec<(String, String)> = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            let (label, wire) = self.resolve(field)?;
            if let Some((earlier, _)) = sent.iter().find(|(_, w)| same_wire_name(w, &wire)) {
                return Err(EncodeError::new(
                    label.into_owned(),
                    wire,
                    EncodeErrorKind::Invalid {
                        reason: format!(
                            "it is sent under the same name as `{earlier}`; set each field once"
                        ),
                    },
                ));
            }
            let encoded = field
                .value
                .as_ref()
                .map_err(|kind| EncodeError::new(label.clone(), wire.clone(), kind.clone()))?;
            let located = |err: EncodeError| {
                EncodeError::new(label.clone(), wire.clone(), err.kind().clone())
            };
            if encoded.list {
                for (index, item) in encoded.items.iter().enumerate() {
                    form.push_item(&wire, index, item.as_str())
                        .map_err(located)?;
                }
            } else {
                for item in &encoded.items {
                    form.push(wire.clone(), item.as_str()).map_err(located)?;
                }
            }
            sent.push((label.into_owned(), wire));
        }
        if kind == RecordKind::Referral && !sent.iter().any(|(_, wire)| wire == "attendee") {
            return Err(EncodeError::new(
                "attendee",
                "attendee",
                EncodeErrorKind::Empty,
            ));
        }
        Ok(form)
    }
}

impl<K: DynamicKind> Create for DynamicRecord<K> {}

impl<K: DynamicKind> fmt::Debug for DynamicRecord<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("DynamicRecord");
        out.field("kind", &K::KIND);
        if let Some(role) = self.role {
            out.field("role", &role);
        }
        out.field(
            "fields",
            &self
                .fields
                .iter()
                .map(|field| (&field.name, &field.value))
                .collect::<Vec<_>>(),
        )
        .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProfileRef;

    fn error_of<K: DynamicKind>(record: &DynamicRecord<K>) -> EncodeError {
        match record.to_form() {
            Ok(form) => panic!("expected an error, got {form}"),
            Err(err) => err,
        }
    }

    #[test]
    fn referral_needs_an_attendee() {
        let err = error_of(&DynamicRecord::referral().set("reason", "x"));
        assert_eq!(err.field(), "attendee");
        assert_eq!(err.kind(), &EncodeErrorKind::Empty);
    }

    #[test]
    fn labels_follow_the_derive_rules() {
        let base = || DynamicRecord::referral().set("attendee", ProfileRef::id(1));
        for (label, expected_field) in [
            ("school_year", "school_year"),
            ("", ""),
            (" Age", " Age"),
            ("Age  group", "Age  group"),
            ("Dr. Who", "Dr. Who"),
            ("Referral reason", "Referral reason"),
            ("Role", "Role"),
            ("ID", "ID"),
        ] {
            let err = error_of(&base().set(label, "x"));
            assert_eq!(err.field(), expected_field, "{label}");
            assert!(
                matches!(err.kind(), EncodeErrorKind::Invalid { .. }),
                "{label}"
            );
        }
    }

    #[test]
    fn misplaced_and_unknown_builtins() {
        let err = error_of(&DynamicRecord::person(Role::User).set("name", "Sam"));
        assert!(err.to_string().contains("first_name"), "{err}");
        let err = error_of(&DynamicRecord::family(Role::User).set("surname", "Patel"));
        assert!(err.to_string().contains("`name`"), "{err}");
        let err = error_of(&DynamicRecord::organisation(Role::Org).set_builtin("colour", "red"));
        assert!(err.to_string().contains("`postcode`"), "{err}");
    }

    #[test]
    fn roles_are_checked_per_kind() {
        let err = error_of(&DynamicRecord::organisation(Role::Staff).set("name", "Acme"));
        assert_eq!(err.field(), "role");
        let err = error_of(&DynamicRecord::person(Role::Org).set("first_name", "Sam"));
        assert_eq!(err.field(), "role");
        let ok = DynamicRecord::organisation(Role::Org).set("name", "Acme");
        assert_eq!(ok.to_form().unwrap().to_string(), "role=org&name=Acme");
    }

    #[test]
    fn duplicates_by_wire_name() {
        let err = error_of(
            &DynamicRecord::referral()
                .set("attendee", 1u64)
                .set("School year", "9")
                .set("school year", "10"),
        );
        assert_eq!(err.field(), "school year");
        let err = error_of(
            &DynamicRecord::referral()
                .set("attendee", 1u64)
                .set("reason", "a")
                .set("referral_reason", "b"),
        );
        assert_eq!(err.field(), "referral_reason");
        let replaced = DynamicRecord::referral()
            .set("attendee", 1u64)
            .set("Age", 9)
            .set("Age", 10);
        assert_eq!(replaced.to_form().unwrap().to_string(), "attendee=1&Age=10");
    }

    #[test]
    fn values_are_checked_and_named() {
        let err = error_of(
            &DynamicRecord::referral()
                .set("attendee", 1u64)
                .set("Notes here", "<b>bold</b>"),
        );
        assert_eq!(err.field(), "Notes here");
        assert_eq!(err.wire_name(), "Notes_here");
        assert!(matches!(err.kind(), EncodeErrorKind::HtmlTag { .. }));
        let err = error_of(
            &DynamicRecord::referral()
                .set("attendee", "")
                .set("reason", "x"),
        );
        assert_eq!(err.field(), "attendee");
        assert_eq!(err.kind(), &EncodeErrorKind::Empty);
        let err = error_of(
            &DynamicRecord::referral()
                .set("attendee", 1u64)
                .set_many("Interests", ["Art", "<i>x</i>"]),
        );
        assert_eq!(err.wire_name(), "Interests");
    }

    #[test]
    fn updates_only_for_profiles() {
        fn updatable<R: Update>(_: &R) {}
        updatable(&DynamicRecord::person(Role::User));
        updatable(&DynamicRecord::family(Role::User));
        updatable(&DynamicRecord::organisation(Role::Org));
        assert!(DynamicRecord::<Referral>::FIELDS.is_empty());
        assert_eq!(DynamicRecord::<Family>::KIND, RecordKind::Family);
    }

    #[test]
    fn empty_lists_send_nothing() {
        let form = DynamicRecord::referral()
            .set("attendee", 1u64)
            .set_many("Interests", Vec::<String>::new())
            .to_form()
            .unwrap();
        assert_eq!(form.to_string(), "attendee=1");
    }
}
