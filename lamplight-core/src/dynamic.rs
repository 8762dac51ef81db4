//! Records whose schema is known only at run time: a form's fields read from a file, a CSV
//! import's column map, code ported from the PHP client.
//!
//! [`DynamicRecord`] follows exactly the naming rules the derive enforces at compile time (see
//! [`schema`](crate::schema)), and reports a broken rule from
//! [`to_form`](crate::Record::to_form) as an [`EncodeError`] naming the field. A field may be
//! named as PHP code names it: by its label (`How did you hear`) or by its wire spelling
//! (`How_did_you_hear`); both name the same field, as they do for Lamplight.
//!
//! ```
//! use lamplight_core::dynamic::DynamicRecord;
//! use lamplight_core::{ProfileRef, Record};
//!
//! let referral = DynamicRecord::referral()
//!     .set("attendee", ProfileRef::id(653))
//!     .set("reason", "Struggling at school")
//!     .set("How_did_you_hear", "Website")
//!     .set_many("Interests", ["Art", "Music"]);
//! assert_eq!(
//!     referral.to_form()?.to_string(),
//!     "attendee=653&referral_reason=Struggling+at+school&How_did_you_hear=Website\
//!      &Interests[0]=Art&Interests[1]=Music"
//! );
//!
//! let broken = DynamicRecord::referral().set("attendee", 653).set("Role", 9);
//! let err = broken.to_form().unwrap_err();
//! assert_eq!(err.field(), "Role");
//! # Ok::<(), lamplight_core::EncodeError>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use time::macros::format_description;
use time::{Date, PrimitiveDateTime};

use crate::schema::{
    BuiltIn, LabelError, article, builtin_clash, builtin_for, builtins, check_label,
    misplaced_builtin, role_refused, same_wire_name, wire_name,
};
use crate::{
    Create, EncodeError, EncodeErrorKind, FieldInfo, FieldValue, FieldWriter, Form, Record,
    RecordKind, Role, Update, ValueKind,
};

mod sealed {
    pub trait Sealed {}
}

/// The kind of a [`DynamicRecord`], as a type: [`Referral`], [`Person`], [`Organisation`] or
/// [`Family`]. [`AnyKind`] records carry their kind as a value instead.
pub trait DynamicKind: sealed::Sealed {
    /// The record kind.
    const KIND: RecordKind;
}

/// A [`DynamicKind`] that is a profile, and so can be updated and take custom fields by id.
pub trait DynamicProfileKind: DynamicKind {}

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

/// Marks a [`DynamicRecord`] whose kind is chosen at run time, for code that learns it from a
/// file or a command line: [`DynamicRecord::of_kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AnyKind;

impl DynamicProfileKind for Person {}
impl DynamicProfileKind for Organisation {}
impl DynamicProfileKind for Family {}

impl<K: DynamicProfileKind> Update for DynamicRecord<K> {}

/// The field a name means on a record of some kind: [`resolve`]'s answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Field {
    /// One of Lamplight's own fields (`attendee`, `first_name`, `postcode`, ...).
    BuiltIn(&'static BuiltIn),
    /// A custom field, by its label as Lamplight shows it and the name it is sent under.
    Custom {
        /// The label, e.g. `How did you hear`.
        label: String,
        /// The wire name, e.g. `How_did_you_hear`.
        wire_name: String,
    },
    /// A custom profile field by its id, sent as `profile_field_N`.
    CustomId(u32),
}

impl Field {
    /// The parameter name the field is sent under.
    pub fn wire_name(&self) -> Cow<'_, str> {
        match self {
            Field::BuiltIn(builtin) => Cow::Borrowed(builtin.wire_name),
            Field::Custom { wire_name, .. } => Cow::Borrowed(wire_name),
            Field::CustomId(id) => Cow::Owned(format!("profile_field_{id}")),
        }
    }

    /// Whether `self` and `other` are the same field to Lamplight, which matches parameter
    /// names without regard to case.
    pub fn same_as(&self, other: &Field) -> bool {
        same_wire_name(&self.wire_name(), &other.wire_name())
    }
}

/// Which field `name` means on a record of `kind`: the one public answer that
/// [`DynamicRecord::set`], the CLI's maps and any config-driven importer share.
///
/// A built-in's field name or wire name (`reason`, `referral_reason`) means the built-in. Any
/// other name is a custom field's label (`How did you hear`) or its wire spelling with `_`
/// for spaces (`How_did_you_hear`); a label Lamplight would address under a built-in's name
/// (`First name` on a person) means that built-in. `profile_field_N` on a profile means the
/// custom field with id `N`.
///
/// ```
/// use lamplight_core::RecordKind;
/// use lamplight_core::dynamic::{Field, resolve};
///
/// let custom = resolve(RecordKind::Referral, "My_custom_field")?;
/// assert_eq!(custom, resolve(RecordKind::Referral, "My custom field")?);
/// assert_eq!(custom.wire_name(), "My_custom_field");
/// assert!(matches!(resolve(RecordKind::Referral, "reason")?, Field::BuiltIn(b) if b.wire_name == "referral_reason"));
/// assert!(matches!(resolve(RecordKind::Person, "First name")?, Field::BuiltIn(b) if b.wire_name == "first_name"));
/// assert_eq!(resolve(RecordKind::Person, "profile_field_12")?, Field::CustomId(12));
/// assert_eq!(resolve(RecordKind::Person, "name").unwrap_err().field(), "name");
/// # Ok::<(), lamplight_core::EncodeError>(())
/// ```
pub fn resolve(kind: RecordKind, name: &str) -> Result<Field, EncodeError> {
    let invalid = |reason: String| {
        EncodeError::new(
            name.to_owned(),
            name.to_owned(),
            EncodeErrorKind::Invalid { reason },
        )
    };
    if let Some(builtin) = builtin_for(kind, name) {
        return Ok(Field::BuiltIn(builtin));
    }
    if let Some(reason) = misplaced_builtin(kind, name) {
        return Err(invalid(reason));
    }
    if let Some(id) = name
        .strip_prefix("profile_field_")
        .and_then(|id| id.parse::<u32>().ok())
    {
        return if kind.is_profile() {
            Ok(Field::CustomId(id))
        } else {
            Err(invalid(format!(
                "{} has no custom fields by id; `profile_field_N` names a profile's field, so                  name a referral's custom field by its label",
                article(kind)
            )))
        };
    }
    // PHP code names a field by its wire spelling, `_` for each space.
    let label: Cow<'_, str> = if name.contains('_') && !name.contains(' ') {
        Cow::Owned(name.replace('_', " "))
    } else {
        Cow::Borrowed(name)
    };
    check_label(&label).map_err(|err| match err {
        LabelError::Underscore => invalid(
            "a name holding both `_` and spaces is neither a label nor its wire spelling; \
             write the label as Lamplight shows it, e.g. `How did you hear`"
                .to_owned(),
        ),
        other => invalid(other.to_string()),
    })?;
    let wire = wire_name(&label);
    if let Some(builtin) = builtins(kind).find(|b| same_wire_name(b.wire_name, &wire)) {
        return Ok(Field::BuiltIn(builtin));
    }
    if let Some(reason) = builtin_clash(kind, &wire) {
        return Err(invalid(reason));
    }
    Ok(Field::Custom {
        label: label.into_owned(),
        wire_name: wire,
    })
}

/// How a field was addressed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Resolved by [`resolve`].
    Named(Result<Field, EncodeError>),
    /// Only a built-in, by its field name or wire name.
    BuiltIn(Result<&'static BuiltIn, EncodeError>),
    /// Exactly this parameter name, unchecked.
    Raw,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct DynamicField {
    name: String,
    target: Target,
    /// What decides "the same field": the wire name, lower-cased as Lamplight compares it.
    key: String,
    value: Result<Encoded, EncodeErrorKind>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Encoded {
    items: Vec<String>,
    list: bool,
    /// Whether the value was given as text, so a date field may still need reading.
    text: bool,
}

/// A record built at run time, field by field.
///
/// `K` is the kind: build one with [`DynamicRecord::referral`], [`DynamicRecord::person`],
/// [`DynamicRecord::organisation`] or [`DynamicRecord::family`], or, when the kind is known
/// only at run time, with [`DynamicRecord::of_kind`]. Every kind can be created; only
/// profiles can be updated, as with derived records.
///
/// A field name that is one of the kind's built-ins (`attendee`, `reason`, `first_name`,
/// `postcode`, ...) sets that built-in; any other name is a custom field's label as Lamplight
/// shows it (`How did you hear`) or its wire spelling (`How_did_you_hear`), sent with its spaces
/// turned into `_` (see [`resolve`]). Setting the same field twice, under any of its names,
/// keeps the last value.
///
/// A referral's `date` given as text is read as the reference client's `strtotime` reads the
/// common forms, and sent as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`:
///
/// ```
/// use lamplight_core::dynamic::DynamicRecord;
/// use lamplight_core::Record;
///
/// let referral = DynamicRecord::referral().set("attendee", 653).set("date", "2022-01-01 13:13");
/// assert_eq!(referral.to_form()?.get("date_from"), Some("2022-01-01 13:13:00"));
/// let unreadable = DynamicRecord::referral().set("attendee", 653).set("date", "next week");
/// assert_eq!(unreadable.to_form().unwrap_err().field(), "date");
/// # Ok::<(), lamplight_core::EncodeError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DynamicRecord<K> {
    kind: RecordKind,
    role: Option<Role>,
    fields: Vec<DynamicField>,
    marker: PhantomData<fn() -> K>,
}

impl DynamicRecord<Referral> {
    /// An empty referral. It needs at least an `attendee`.
    pub fn referral() -> Self {
        DynamicRecord::empty(RecordKind::Referral, None)
    }
}

impl DynamicRecord<Person> {
    /// An empty person's profile with `role` (`user`, `contact`, `staff` or `funder`).
    pub fn person(role: Role) -> Self {
        DynamicRecord::empty(RecordKind::Person, Some(role))
    }
}

impl DynamicRecord<Organisation> {
    /// An empty organisation's profile with `role` (`user`, `contact`, `funder` or `org`).
    pub fn organisation(role: Role) -> Self {
        DynamicRecord::empty(RecordKind::Organisation, Some(role))
    }
}

impl DynamicRecord<Family> {
    /// An empty family's profile with `role`.
    pub fn family(role: Role) -> Self {
        DynamicRecord::empty(RecordKind::Family, Some(role))
    }
}

impl DynamicRecord<AnyKind> {
    /// An empty record of `kind`, chosen at run time; a profile needs a `role`, a referral
    /// takes none. It can be created with the client's `create`, and, when `kind` is a profile,
    /// updated with its `update`.
    ///
    /// ```
    /// use lamplight_core::dynamic::DynamicRecord;
    /// use lamplight_core::{Record, RecordKind, Role};
    ///
    /// let kind: RecordKind = RecordKind::Organisation; // e.g. from a command line
    /// let org = DynamicRecord::of_kind(kind, Some(Role::Funder)).set("name", "Acme Trust");
    /// assert_eq!(org.endpoint(), "orgs/add");
    /// assert_eq!(org.to_form()?.to_string(), "role=funder&name=Acme+Trust");
    /// # Ok::<(), lamplight_core::EncodeError>(())
    /// ```
    pub fn of_kind(kind: RecordKind, role: Option<Role>) -> Self {
        DynamicRecord::empty(kind, role)
    }
}

impl<K: DynamicKind> DynamicRecord<K> {
    /// This record, with its kind kept as a value rather than a type.
    pub fn into_any(self) -> DynamicRecord<AnyKind> {
        DynamicRecord {
            kind: self.kind,
            role: self.role,
            fields: self.fields,
            marker: PhantomData,
        }
    }
}

impl<K> DynamicRecord<K> {
    fn empty(kind: RecordKind, role: Option<Role>) -> Self {
        DynamicRecord {
            kind,
            role,
            fields: Vec::new(),
            marker: PhantomData,
        }
    }

    /// The kind of record this is.
    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    /// The profile's role; `None` for a referral.
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    /// Sets a built-in field by name (`attendee`, `reason`, `postcode`, ...), or a custom field
    /// by its Lamplight label (`How did you hear`) or wire spelling (`How_did_you_hear`).
    /// `value` is anything a derived field may be: text, a number, a date, a
    /// [`ProfileRef`](crate::ProfileRef), an option enum, a list...
    ///
    /// ```
    /// use lamplight_core::dynamic::DynamicRecord;
    /// use lamplight_core::{Record, Role};
    ///
    /// let person = DynamicRecord::person(Role::User)
    ///     .set("first_name", "Sam")
    ///     .set("Date of birth", time::macros::date!(2010 - 05 - 04))
    ///     .set("My_custom_field", "Apple")
    ///     .set("My custom field", "Orange"); // the same field: the last value wins
    /// assert_eq!(
    ///     person.to_form()?.to_string(),
    ///     "role=user&first_name=Sam&Date_of_birth=2010-05-04&My_custom_field=Orange"
    /// );
    /// # Ok::<(), lamplight_core::EncodeError>(())
    /// ```
    pub fn set<T: FieldValue>(self, name: impl Into<String>, value: T) -> Self {
        let name = name.into();
        let target = Target::Named(resolve(self.kind, &name));
        self.insert(name, target, encode(&value))
    }

    /// Sets a multi-select custom field (or any list) to the options labelled `values`, sent as
    /// `Label[0]=a&Label[1]=b`.
    pub fn set_many<I>(self, label: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let items: Vec<String> = values.into_iter().map(Into::into).collect();
        self.set(label, items)
    }

    /// Sets a built-in field, by its field name or wire name; naming anything else is an error
    /// from [`to_form`](Record::to_form).
    pub fn set_builtin<T: FieldValue>(self, name: impl Into<String>, value: T) -> Self {
        let name = name.into();
        let target = Target::BuiltIn(builtin_named(self.kind, &name));
        self.insert(name, target, encode(&value))
    }

    /// Sends `value` under exactly the parameter name `wire_name`, with no naming rule
    /// applied: the escape hatch for a parameter this crate does not model, as the PHP
    /// client's `setParameterPost`. The value is still refused if it holds an HTML tag.
    ///
    /// ```
    /// use lamplight_core::dynamic::DynamicRecord;
    /// use lamplight_core::Record;
    ///
    /// let referral = DynamicRecord::referral().set("attendee", 653).set_raw("source_code", "WEB-7");
    /// assert_eq!(referral.to_form()?.to_string(), "attendee=653&source_code=WEB-7");
    /// # Ok::<(), lamplight_core::EncodeError>(())
    /// ```
    pub fn set_raw<T: FieldValue>(self, wire_name: impl Into<String>, value: T) -> Self {
        self.insert(wire_name.into(), Target::Raw, encode(&value))
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
        let key = match &target {
            Target::Named(Ok(field)) => field.wire_name().to_lowercase(),
            Target::BuiltIn(Ok(builtin)) => builtin.wire_name.to_lowercase(),
            Target::Raw => name.to_lowercase(),
            Target::Named(Err(_)) | Target::BuiltIn(Err(_)) => name.clone(),
        };
        self.fields.retain(|field| field.key != key);
        self.fields.push(DynamicField {
            name,
            target,
            key,
            value,
        });
        self
    }

    /// The record's parameters; what [`Record::to_form`] returns for every kind marker.
    fn encode_form(&self) -> Result<Form, EncodeError> {
        let kind = self.kind;
        let mut form = Form::with_capacity(self.fields.len() + 1);
        match (kind.is_profile(), self.role) {
            (true, None) => {
                return Err(EncodeError::new("role", "role", EncodeErrorKind::Empty));
            }
            (true, Some(role)) => {
                if let Some(reason) = role_refused(kind, role) {
                    return Err(EncodeError::new(
                        "role",
                        "role",
                        EncodeErrorKind::Invalid { reason },
                    ));
                }
                form.push("role", role.as_str())?;
            }
            (false, Some(role)) => {
                return Err(EncodeError::new(
                    "role",
                    "role",
                    EncodeErrorKind::Invalid {
                        reason: format!("a referral takes no role, but was given `{role}`"),
                    },
                ));
            }
            (false, None) => {}
        }
        let mut has_attendee = false;
        for field in &self.fields {
            let (wire, date) = match &field.target {
                Target::Named(resolved) => {
                    let resolved = resolved.as_ref().map_err(Clone::clone)?;
                    let date = matches!(resolved, Field::BuiltIn(b) if b.wire_name == "date_from");
                    (resolved.wire_name().into_owned(), date)
                }
                Target::BuiltIn(builtin) => {
                    let builtin = builtin.as_ref().map_err(Clone::clone)?;
                    (
                        builtin.wire_name.to_owned(),
                        builtin.wire_name == "date_from",
                    )
                }
                Target::Raw => (field.name.clone(), false),
            };
            let label = field.name.as_str();
            let located =
                |kind: EncodeErrorKind| EncodeError::new(label.to_owned(), wire.clone(), kind);
            let encoded = field.value.as_ref().map_err(|kind| located(kind.clone()))?;
            has_attendee |= wire == "attendee";
            if encoded.list {
                for (index, item) in encoded.items.iter().enumerate() {
                    form.push_item(&wire, index, item.as_str())
                        .map_err(|err| located(err.kind().clone()))?;
                }
                continue;
            }
            for item in &encoded.items {
                let value = if date && encoded.text {
                    Cow::Owned(
                        normalise_date(item)
                            .map_err(|reason| located(EncodeErrorKind::Invalid { reason }))?,
                    )
                } else {
                    Cow::Borrowed(item.as_str())
                };
                form.push(wire.clone(), value.as_ref())
                    .map_err(|err| located(err.kind().clone()))?;
            }
        }
        if kind == RecordKind::Referral && !has_attendee {
            return Err(EncodeError::new(
                "attendee",
                "attendee",
                EncodeErrorKind::Empty,
            ));
        }
        Ok(form)
    }
}

/// The built-in `name` names on `kind`, or why it names none.
fn builtin_named(kind: RecordKind, name: &str) -> Result<&'static BuiltIn, EncodeError> {
    builtin_for(kind, name).ok_or_else(|| {
        let reason = misplaced_builtin(kind, name).unwrap_or_else(|| {
            format!(
                "{} has no built-in field `{name}`; its built-ins are {}",
                article(kind),
                builtins(kind)
                    .map(|b| format!("`{}`", b.rust_names[0]))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        EncodeError::new(
            name.to_owned(),
            name.to_owned(),
            EncodeErrorKind::Invalid { reason },
        )
    })
}

/// Reads a date given as text the way PHP's `strtotime` reads the common forms, and writes it
/// as Lamplight stores it: `YYYY-MM-DD` for a date, `YYYY-MM-DD HH:MM:SS` with a time.
///
/// Slashed dates such as `01/02/2022` are refused: `strtotime` reads them as American
/// month/day, which a UK charity's data almost never means.
fn normalise_date(text: &str) -> Result<String, String> {
    let text = text.trim();
    let date_out = format_description!("[year]-[month]-[day]");
    let full_out = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let dates = [
        format_description!("[year]-[month]-[day]"),
        format_description!("[year]/[month]/[day]"),
        format_description!("[day]-[month]-[year]"),
        format_description!("[day].[month].[year]"),
    ];
    let date_times = [
        format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day] [hour]:[minute]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
        format_description!("[year]/[month]/[day] [hour]:[minute]:[second]"),
        format_description!("[year]/[month]/[day] [hour]:[minute]"),
        format_description!("[day]-[month]-[year] [hour]:[minute]:[second]"),
        format_description!("[day]-[month]-[year] [hour]:[minute]"),
        format_description!("[day].[month].[year] [hour]:[minute]:[second]"),
        format_description!("[day].[month].[year] [hour]:[minute]"),
    ];
    if let Some(date) = dates
        .iter()
        .find_map(|format| Date::parse(text, format).ok())
    {
        return date.format(date_out).map_err(|err| err.to_string());
    }
    if let Some(at) = date_times
        .iter()
        .find_map(|format| PrimitiveDateTime::parse(text, format).ok())
    {
        return at.format(full_out).map_err(|err| err.to_string());
    }
    let american = text
        .split_once('/')
        .is_some_and(|(first, _)| first.len() <= 2);
    Err(if american {
        format!(
            "`{text}` is ambiguous: PHP reads a slashed date as month/day/year; write it as \
             YYYY-MM-DD, optionally with HH:MM or HH:MM:SS"
        )
    } else {
        format!(
            "`{text}` is not a date this crate can read; write it as YYYY-MM-DD, optionally \
             with HH:MM or HH:MM:SS"
        )
    })
}

impl<K: DynamicProfileKind> DynamicRecord<K> {
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
            Target::Named(Ok(Field::CustomId(field_id))),
            encode(&value),
        )
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
        text: matches!(T::KIND, ValueKind::Text),
    })
}

impl<K: DynamicKind> Record for DynamicRecord<K> {
    const KIND: RecordKind = K::KIND;
    const FIELDS: &'static [FieldInfo] = &[];

    fn to_form(&self) -> Result<Form, EncodeError> {
        self.encode_form()
    }
}

impl<K: DynamicKind> Create for DynamicRecord<K> {}

/// A record whose kind is chosen at run time has no kind as a type: its `KIND` is only a
/// placeholder (a referral's), and [`Record::kind`] gives the kind it really has. The client's
/// `create` and `update` go by [`Record::kind`], never by the constant.
impl Record for DynamicRecord<AnyKind> {
    const KIND: RecordKind = RecordKind::Referral;
    const FIELDS: &'static [FieldInfo] = &[];

    fn kind(&self) -> RecordKind {
        self.kind
    }

    fn to_form(&self) -> Result<Form, EncodeError> {
        self.encode_form()
    }
}

impl Create for DynamicRecord<AnyKind> {}

/// Only a profile's record can be updated; the client refuses a referral's with an
/// [`EncodeError`] before anything is sent.
impl Update for DynamicRecord<AnyKind> {}

impl<K> fmt::Debug for DynamicRecord<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("DynamicRecord");
        out.field("kind", &self.kind);
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

    fn error_of<R: Record>(record: &R) -> EncodeError {
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
            ("", ""),
            (" Age", " Age"),
            ("Age  group", "Age  group"),
            ("Dr. Who", "Dr. Who"),
            ("Role", "Role"),
            ("ID", "ID"),
            ("school_year group", "school_year group"),
            ("_Age", "_Age"),
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
    fn wire_spellings_and_labels_name_one_field() {
        let both = DynamicRecord::referral()
            .set("attendee", 1u64)
            .set("My_custom_field", "Apple")
            .set("my custom field", "Orange");
        assert_eq!(
            both.to_form().unwrap().to_string(),
            "attendee=1&my_custom_field=Orange"
        );
        // A label Lamplight addresses under a built-in's name is that built-in.
        let reason = DynamicRecord::referral()
            .set("attendee", 1u64)
            .set("Referral reason", "a")
            .set("reason", "b");
        assert_eq!(
            reason.to_form().unwrap().to_string(),
            "attendee=1&referral_reason=b"
        );
        let person = DynamicRecord::person(Role::User).set("First name", "Sam");
        assert_eq!(
            person.to_form().unwrap().to_string(),
            "role=user&first_name=Sam"
        );
        assert_eq!(
            resolve(RecordKind::Referral, "School_year").unwrap(),
            Field::Custom {
                label: "School year".into(),
                wire_name: "School_year".into()
            }
        );
        assert!(resolve(RecordKind::Referral, "profile_field_3").is_err());
    }

    #[test]
    fn raw_parameters_are_sent_as_named() {
        let form = DynamicRecord::referral()
            .set("attendee", 1u64)
            .set_raw("Odd.Name[x]", "v")
            .set_raw("odd.name[x]", "w")
            .to_form()
            .unwrap();
        assert_eq!(form.get("odd.name[x]"), Some("w"));
        assert_eq!(form.len(), 2);
        let err = error_of(
            &DynamicRecord::referral()
                .set("attendee", 1u64)
                .set_raw("notes", "<b>x</b>"),
        );
        assert_eq!(err.field(), "notes");
    }

    #[test]
    fn text_dates_are_normalised() {
        let date = |text: &str| {
            DynamicRecord::referral()
                .set("attendee", 1u64)
                .set("date", text)
                .to_form()
                .map(|form| form.get("date_from").map(str::to_owned))
        };
        for (given, sent) in [
            ("2022-01-01 13:13", "2022-01-01 13:13:00"),
            ("2022-01-01", "2022-01-01"),
            (" 2022-01-01 13:13:05 ", "2022-01-01 13:13:05"),
            ("2022-01-01T09:05", "2022-01-01 09:05:00"),
            ("2022/01/31", "2022-01-31"),
            ("31-01-2022", "2022-01-31"),
            ("31.01.2022 08:00", "2022-01-31 08:00:00"),
        ] {
            assert_eq!(date(given).unwrap().as_deref(), Some(sent), "{given}");
        }
        for bad in ["01/02/2022", "2022-02-30", "soon", "2022-01-01 25:00"] {
            let err = date(bad).unwrap_err();
            assert_eq!(err.field(), "date", "{bad}");
            assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        }
        // A typed date is already exact, and other text fields are left alone.
        let typed = DynamicRecord::referral()
            .set("attendee", 1u64)
            .set("date_from", time::macros::date!(2024 - 03 - 01))
            .set("Next visit", "next week");
        assert_eq!(
            typed.to_form().unwrap().to_string(),
            "attendee=1&date_from=2024-03-01&Next_visit=next+week"
        );
    }

    #[test]
    fn kinds_chosen_at_run_time() {
        for kind in RecordKind::ALL {
            let role = kind.is_profile().then_some(Role::User);
            let record = DynamicRecord::of_kind(kind, role);
            assert_eq!(record.endpoint(), kind.add_endpoint());
            assert_eq!(record.kind(), kind);
        }
        let err = error_of(&DynamicRecord::of_kind(RecordKind::Person, None));
        assert_eq!(err.field(), "role");
        let err = error_of(
            &DynamicRecord::of_kind(RecordKind::Referral, Some(Role::User)).set("attendee", 1u64),
        );
        assert_eq!(err.field(), "role");
        let typed = DynamicRecord::organisation(Role::Org).set("name", "Acme");
        let any = typed.clone().into_any();
        assert_eq!(any.to_form().unwrap(), typed.to_form().unwrap());
        assert_eq!(any.endpoint(), "orgs/add");
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
    fn the_same_field_twice_keeps_the_last() {
        let form = DynamicRecord::referral()
            .set("attendee", 1u64)
            .set("School year", "9")
            .set("school year", "10")
            .set("reason", "a")
            .set("referral_reason", "b")
            .to_form()
            .unwrap();
        assert_eq!(
            form.to_string(),
            "attendee=1&school_year=10&referral_reason=b"
        );
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
