//! Server-side validation: the submitted form becomes the three records, or a list of errors
//! keyed by input name.
//!
//! Each field is looked up in its record's schema (`Record::FIELDS`) for its label and whether
//! it is required, parsed into the record's own type (`Postcode::parse`, `ProfileRef::email`,
//! `LamplightOption::from_label`, ...), and finally each record is encoded with `to_form()`, so
//! that whatever Lamplight would refuse (markup in a text field) is reported next to the field
//! before anything is sent.

use std::collections::BTreeSet;
use std::str::FromStr;

use lamplight::{
    EncodeError, EncodeErrorKind, FieldInfo, LamplightOption, Postcode, ProfileRef, Record,
    ValueKind, WorkareaId,
};

use crate::quickstart::{Referrer, YoungPerson, YouthReferral};
use crate::referral_form::form::{
    self, Choices, REFERRAL, REFERRER, SESSION, Section, YOUNG_PERSON,
};
use crate::referral_form::html::display_label;

/// The submitted form: every `name=value` pair in the order the browser sent them (a group of
/// checkboxes sends one pair per ticked box).
#[derive(Debug, Clone, Default)]
pub struct Values(Vec<(String, String)>);

impl Values {
    /// Decodes an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Values {
        Values(
            form_urlencoded::parse(body)
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect(),
        )
    }

    /// The first value sent under `name`.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value sent under `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, value)| value.as_str())
    }

    /// Whether any input of `section` holds more than whitespace.
    fn any_in(&self, section: &Section) -> bool {
        let prefix = format!("{}.", section.key);
        self.0
            .iter()
            .any(|(name, value)| name.starts_with(&prefix) && !value.trim().is_empty())
    }
}

/// What is wrong with a submission: one message per input name, in form order.
#[derive(Debug, Clone, Default)]
pub struct Errors(Vec<(String, String)>);

impl Errors {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for the input `name`, if it has one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, message)| message.as_str())
    }

    /// Every `(input name, message)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, m)| (n.as_str(), m.as_str()))
    }

    /// Records `message` for `name`, keeping only the first message of each input.
    fn add(&mut self, name: String, message: String) {
        if self.get(&name).is_none() {
            self.0.push((name, message));
        }
    }
}

/// A submission that passed every check, ready for the intake flow.
#[derive(Debug)]
pub struct Valid {
    /// The young person's new profile.
    pub young_person: YoungPerson,
    /// The referrer's new profile, unless the young person refers themselves.
    pub referrer: Option<Referrer>,
    /// The referral; its `attendee` and `referrer` are filled in once the profiles exist.
    pub referral: YouthReferral,
    /// The session to book the young person onto, if one was chosen.
    pub session: Option<u64>,
}

/// Checks every input and builds the records, or says what is wrong with each input.
pub fn validate(values: &Values, choices: &Choices) -> Result<Valid, Errors> {
    let mut errors = Errors::default();

    let young_person = {
        let mut input = Input::new(values, &YOUNG_PERSON, &mut errors);
        let record = read_young_person(&mut input);
        input.finish(record)
    };
    // The referrer's section may be left empty when the referral's schema says so.
    let referrer_required = REFERRAL
        .fields
        .iter()
        .find(|field| form::profile_section(field).is_some_and(|s| s.key == REFERRER.key))
        .is_some_and(|field| field.required);
    let referrer = if referrer_required || values.any_in(&REFERRER) {
        let mut input = Input::new(values, &REFERRER, &mut errors);
        let record = read_referrer(&mut input);
        input.finish(record).map(Some)
    } else {
        Some(None)
    };
    let referral = {
        let mut input = Input::new(values, &REFERRAL, &mut errors);
        let record = read_referral(&mut input, choices);
        input.finish(record)
    };
    let session = match values.first(SESSION).map(str::trim) {
        None | Some("") => Some(None),
        Some(text) => match text.parse::<u64>() {
            Ok(id) if choices.session(id).is_some() => Some(Some(id)),
            _ => {
                errors.add(
                    SESSION.to_owned(),
                    "Choose a session from the list, or no session.".to_owned(),
                );
                None
            }
        },
    };

    match (young_person, referrer, referral, session) {
        (Some(young_person), Some(referrer), Some(referral), Some(session))
            if errors.is_empty() =>
        {
            Ok(Valid {
                young_person,
                referrer,
                referral,
                session,
            })
        }
        _ => {
            if errors.is_empty() {
                // Unreachable while every reader records why it gave up; kept so that a
                // mistake there shows as a message rather than a silent failure.
                errors.add(
                    REFERRAL.key.to_owned(),
                    "The form could not be read. Please try again.".to_owned(),
                );
            }
            Err(errors)
        }
    }
}

fn read_young_person(input: &mut Input<'_>) -> Option<YoungPerson> {
    let first_name = input.value("first_name", text);
    let surname = input.value("surname", text);
    let postcode = input.value("postcode", postcode);
    let email = input.value("email", email);
    let date_of_birth = input.value("date_of_birth", date);
    Some(YoungPerson {
        first_name: first_name.flatten()?,
        surname: surname.flatten()?,
        postcode: postcode?,
        email: email?,
        date_of_birth: date_of_birth.flatten()?,
    })
}

fn read_referrer(input: &mut Input<'_>) -> Option<Referrer> {
    let first_name = input.value("first_name", text);
    let surname = input.value("surname", text);
    let email = input.value("email", email);
    Some(Referrer {
        first_name: first_name.flatten()?,
        surname: surname.flatten()?,
        email: email?,
    })
}

fn read_referral(input: &mut Input<'_>, choices: &Choices) -> Option<YouthReferral> {
    // Filled by the young person's and the referrer's sections.
    input.filled_elsewhere("attendee");
    input.filled_elsewhere("referrer");
    let reason = input.value("reason", text);
    let workarea = input.value("workarea", |text, _| workarea(text, choices));
    let heard_via = input.value("heard_via", option);
    let school_year = input.value("school_year", number::<u8>);
    let support_needed = input.options("support_needed");
    let first_contact = input.value("first_contact", date);
    let consent_given = input.flag("consent_given");
    Some(YouthReferral {
        // Placeholders: `quickstart::refer` names the profiles it creates.
        attendee: ProfileRef::id(0),
        referrer: None,
        reason: reason.flatten()?,
        workarea: workarea.flatten()?,
        heard_via: heard_via.flatten()?,
        school_year: school_year?,
        support_needed: support_needed?,
        first_contact: first_contact?,
        consent_given: consent_given?,
    })
}

/// Reads the inputs of one section, recording errors against their input names.
struct Input<'a> {
    values: &'a Values,
    section: &'static Section,
    errors: &'a mut Errors,
    read: BTreeSet<&'static str>,
}

impl<'a> Input<'a> {
    fn new(values: &'a Values, section: &'static Section, errors: &'a mut Errors) -> Self {
        Input {
            values,
            section,
            errors,
            read: BTreeSet::new(),
        }
    }

    /// The schema entry of the field `rust_name`, marking it read.
    fn field(&mut self, rust_name: &'static str) -> Option<&'static FieldInfo> {
        let field = self
            .section
            .fields
            .iter()
            .find(|field| field.rust_name == rust_name);
        match field {
            Some(field) => {
                self.read.insert(field.rust_name);
                Some(field)
            }
            None => {
                self.section_error(format!("The form has no field `{rust_name}`."));
                None
            }
        }
    }

    fn filled_elsewhere(&mut self, rust_name: &'static str) {
        let _ = self.field(rust_name);
    }

    fn section_error(&mut self, message: String) {
        self.errors.add(self.section.key.to_owned(), message);
    }

    fn error(&mut self, field: &FieldInfo, message: String) {
        self.errors
            .add(form::input_name(self.section, field), message);
    }

    /// One value. `None`: it was wrong (and the error is recorded). `Some(None)`: left empty,
    /// which the schema allows. `Some(Some(value))`: parsed.
    fn value<T>(
        &mut self,
        rust_name: &'static str,
        parse: impl FnOnce(&str, &FieldInfo) -> Result<T, String>,
    ) -> Option<Option<T>> {
        let field = self.field(rust_name)?;
        let name = form::input_name(self.section, field);
        let text = self.values.first(&name).unwrap_or("").trim().to_owned();
        if text.is_empty() {
            if field.required {
                let message = match field.kind {
                    ValueKind::Select(_) | ValueKind::Workarea => {
                        format!("{} is required: choose one.", display_label(field.label))
                    }
                    _ => format!("{} is required.", display_label(field.label)),
                };
                self.error(field, message);
                return None;
            }
            return Some(None);
        }
        match parse(&text, field) {
            Ok(value) => Some(Some(value)),
            Err(message) => {
                self.error(field, message);
                None
            }
        }
    }

    /// The ticked options of a multi-select, each checked against the option type's labels.
    fn options<T: LamplightOption>(&mut self, rust_name: &'static str) -> Option<Vec<T>> {
        let field = self.field(rust_name)?;
        let name = form::input_name(self.section, field);
        let mut chosen = Vec::new();
        for label in self.values.all(&name) {
            match T::from_label(label) {
                Some(option) => chosen.push(option),
                None => {
                    self.error(
                        field,
                        format!(
                            "Tick only options listed under {}.",
                            display_label(field.label)
                        ),
                    );
                    return None;
                }
            }
        }
        Some(chosen)
    }

    /// A tick box: absent is `false`, `1` is `true`.
    fn flag(&mut self, rust_name: &'static str) -> Option<bool> {
        let field = self.field(rust_name)?;
        let name = form::input_name(self.section, field);
        match self.values.first(&name) {
            None => Some(false),
            Some("1") => Some(true),
            Some(_) => {
                self.error(field, "Tick the box or leave it empty.".to_owned());
                None
            }
        }
    }

    /// The built record, once it encodes as Lamplight would accept it; checks too that every
    /// field of the schema was read, so that the form and this module cannot drift apart.
    fn finish<R: Record>(mut self, record: Option<R>) -> Option<R> {
        let unread: Vec<_> = self
            .section
            .fields
            .iter()
            .filter(|field| !self.read.contains(field.rust_name))
            .map(|field| field.rust_name)
            .collect();
        if !unread.is_empty() {
            self.section_error(format!(
                "The form does not read the field(s) {}.",
                unread.join(", ")
            ));
            return None;
        }
        let Some(record) = record else {
            // The record cannot be encoded until its other fields are right; say now what
            // encoding would refuse too, so that one round shows every mistake.
            self.markup_in_unbuilt_record();
            return None;
        };
        match record.to_form() {
            Ok(_) => Some(record),
            Err(error) => {
                self.encode_error(&error);
                None
            }
        }
    }

    /// The check `to_form()` makes on text (no HTML tags), for a record that could not be built.
    fn markup_in_unbuilt_record(&mut self) {
        for field in self.section.fields {
            let name = form::input_name(self.section, field);
            if self.errors.get(&name).is_some() {
                continue;
            }
            if let Some(tag) = self.values.all(&name).find_map(lamplight::find_html_tag) {
                let message = html_tag_message(field, tag);
                self.error(field, message);
            }
        }
    }

    fn encode_error(&mut self, error: &EncodeError) {
        let field = self
            .section
            .fields
            .iter()
            .find(|field| field.wire_name == error.wire_name());
        let Some(field) = field else {
            self.section_error(error.to_string());
            return;
        };
        let label = display_label(field.label);
        let message = match error.kind() {
            EncodeErrorKind::HtmlTag { tag } => html_tag_message(field, tag),
            EncodeErrorKind::Empty => format!("{label} is required."),
            EncodeErrorKind::Invalid { reason } => format!("{label}: {reason}."),
            _ => format!("{label}: {error}."),
        };
        self.error(field, message);
    }
}

fn html_tag_message(field: &FieldInfo, tag: &str) -> String {
    format!(
        "{} contains the HTML tag {tag}. Lamplight refuses text with markup: remove it, or \
         leave a space after any <.",
        display_label(field.label)
    )
}

fn text(text: &str, _: &FieldInfo) -> Result<String, String> {
    Ok(text.to_owned())
}

fn email(text: &str, _: &FieldInfo) -> Result<String, String> {
    match ProfileRef::email(text) {
        Ok(ProfileRef::Email(address)) => Ok(address),
        _ => Err("Enter an email address like name@example.org.".to_owned()),
    }
}

fn postcode(text: &str, _: &FieldInfo) -> Result<Postcode, String> {
    Postcode::parse(text).map_err(|_| "Enter a full UK postcode, like SW1A 1AA.".to_owned())
}

fn date(text: &str, field: &FieldInfo) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).map_err(|_| {
        format!(
            "Enter {} as a real date, like 2011-05-14.",
            display_label(field.label)
        )
    })
}

fn number<T: FromStr>(text: &str, field: &FieldInfo) -> Result<T, String> {
    text.parse::<T>().map_err(|_| {
        if text.parse::<i128>().is_ok() {
            format!("{} is out of range.", display_label(field.label))
        } else {
            format!("{} must be a whole number.", display_label(field.label))
        }
    })
}

fn option<T: LamplightOption>(text: &str, field: &FieldInfo) -> Result<T, String> {
    T::from_label(text)
        .ok_or_else(|| format!("Choose {} from the list.", display_label(field.label)))
}

fn workarea(text: &str, choices: &Choices) -> Result<WorkareaId, String> {
    match text.parse::<u64>() {
        Ok(id) if choices.has_workarea(id) => Ok(WorkareaId::one(id)),
        _ => Err("Choose a workarea from the list.".to_owned()),
    }
}
