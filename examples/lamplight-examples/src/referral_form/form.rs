//! The referral form, rendered from the records' schemas (`Record::FIELDS`), never written out
//! field by field.
//!
//! The page follows `YouthReferral::FIELDS` in order. A field that names a profile (`attendee`,
//! `referrer`) becomes a section of its own, rendered from the fields of the profile record that
//! fills it (`YoungPerson`, `Referrer`); every other field becomes an input chosen by its
//! [`ValueKind`]. An input's name is its section and its wire name (`young_person.first_name`,
//! `referral.How_did_you_hear`), so the same wire name can appear in two sections.

use std::fmt::Write as _;

use lamplight::{FieldInfo, Record, ValueKind, WorkSummary, Workarea};

use crate::quickstart::{Referrer, YoungPerson, YouthReferral};
use crate::referral_form::html::{display_label, escape};
use crate::referral_form::validate::{Errors, Values};

/// A part of the form that fills one record.
#[derive(Debug)]
pub struct Section {
    /// The prefix of its inputs' names.
    pub key: &'static str,
    /// The heading shown above the section's inputs.
    pub title: &'static str,
    /// A line under the heading.
    pub hint: &'static str,
    /// The record's schema.
    pub fields: &'static [FieldInfo],
}

/// The young person's profile: fills the referral's `attendee`.
pub const YOUNG_PERSON: Section = Section {
    key: "young_person",
    title: "The young person",
    hint: "Who are you referring?",
    fields: YoungPerson::FIELDS,
};

/// The referrer's profile: fills the referral's `referrer`.
pub const REFERRER: Section = Section {
    key: "referrer",
    title: "You, the referrer",
    hint: "So that we can get back to you about this referral.",
    fields: Referrer::FIELDS,
};

/// The referral's own fields.
pub const REFERRAL: Section = Section {
    key: "referral",
    title: "The referral",
    hint: "What the young person would like from us.",
    fields: YouthReferral::FIELDS,
};

/// The name of the optional session input, which is not part of any record.
pub const SESSION: &str = "session";

/// The section whose new profile fills a profile field of the referral, if any.
pub fn profile_section(field: &FieldInfo) -> Option<&'static Section> {
    match (field.kind, field.rust_name) {
        (ValueKind::Profile, "attendee") => Some(&YOUNG_PERSON),
        (ValueKind::Profile, "referrer") => Some(&REFERRER),
        _ => None,
    }
}

/// The name of a field's input (`young_person.first_name`).
pub fn input_name(section: &Section, field: &FieldInfo) -> String {
    format!("{}.{}", section.key, field.wire_name)
}

/// The id of the element holding a field's input, derived from its name: ids may hold neither
/// spaces nor dots comfortably in CSS selectors and fragment links.
pub fn input_id(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

/// What Lamplight offers to choose from: read when the form is shown.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// The workarea tree.
    pub workareas: Vec<Workarea>,
    /// Sessions open to booking through the API.
    pub sessions: Vec<WorkSummary>,
}

impl Choices {
    /// Whether `id` is a workarea at either level of the tree.
    pub fn has_workarea(&self, id: u64) -> bool {
        self.workareas
            .iter()
            .any(|area| area.id == id || area.children.iter().any(|child| child.id == id))
    }

    /// The open session with this id.
    pub fn session(&self, id: u64) -> Option<&WorkSummary> {
        self.sessions.iter().find(|work| work.id == id)
    }
}

/// The whole form page body: the error summary (when there are errors), a notice (e.g. why a
/// submission failed), each section, and the submit button.
pub fn render(values: &Values, errors: &Errors, choices: &Choices, notice: Option<&str>) -> String {
    let mut html = String::new();
    html.push_str("<h1>Refer a young person</h1>\n");
    html.push_str(
        "<p class=\"lede\">Tell us about the young person and what they would like help \
         with. Fields marked <span class=\"req\" aria-hidden=\"true\">*</span> \
         are required.</p>\n",
    );
    if !errors.is_empty() {
        html.push_str(
            "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" \
             tabindex=\"-1\">\n<h2 id=\"error-summary-title\">There is a problem</h2>\n<ul>\n",
        );
        for (name, message) in errors.iter() {
            // The same label (e.g. "First name") appears in several sections.
            let section = [&YOUNG_PERSON, &REFERRER, &REFERRAL]
                .into_iter()
                .find(|section| {
                    name == section.key
                        || name
                            .strip_prefix(section.key)
                            .is_some_and(|rest| rest.starts_with('.'))
                })
                .map_or(String::new(), |section| format!("{}: ", section.title));
            let _ = writeln!(
                html,
                "<li><a href=\"#{}\">{}{}</a></li>",
                escape(&input_id(name)),
                escape(&section),
                escape(message)
            );
        }
        html.push_str("</ul>\n</div>\n");
    }
    if let Some(notice) = notice {
        let _ = writeln!(
            html,
            "<div class=\"notice\" role=\"status\">{}</div>",
            escape(notice)
        );
    }
    html.push_str("<form method=\"post\" action=\"/\" novalidate>\n");

    // The referral's schema decides the order: profile fields become whole sections, the rest
    // is gathered into the referral's own section where its first such field stands.
    let mut referral_open = false;
    for field in REFERRAL.fields {
        if let Some(section) = profile_section(field) {
            if referral_open {
                html.push_str("</fieldset>\n");
                referral_open = false;
            }
            open_section(&mut html, section, !field.required, errors);
            for inner in section.fields {
                render_field(&mut html, section, inner, values, errors, choices);
            }
            html.push_str("</fieldset>\n");
        } else {
            if !referral_open {
                open_section(&mut html, &REFERRAL, false, errors);
                referral_open = true;
            }
            render_field(&mut html, &REFERRAL, field, values, errors, choices);
        }
    }
    if referral_open {
        html.push_str("</fieldset>\n");
    }
    render_session(&mut html, values, errors, choices);
    html.push_str("<button type=\"submit\">Send referral</button>\n</form>\n");
    html
}

fn open_section(html: &mut String, section: &Section, optional: bool, errors: &Errors) {
    let _ = write!(
        html,
        "<fieldset class=\"section\" id=\"{}\">\n<legend>{}{}</legend>\n<p class=\"section-hint\">{}{}</p>\n",
        escape(&input_id(section.key)),
        escape(section.title),
        if optional {
            " <span class=\"optional\">(optional)</span>"
        } else {
            ""
        },
        escape(section.hint),
        if optional {
            " Leave this section empty if the young person is referring themselves."
        } else {
            ""
        },
    );
    if let Some(message) = errors.get(section.key) {
        let _ = writeln!(html, "<p class=\"error\">{}</p>", escape(message));
    }
}

/// One field: its label, its error (if any) and its input, chosen by its kind.
fn render_field(
    html: &mut String,
    section: &Section,
    field: &FieldInfo,
    values: &Values,
    errors: &Errors,
    choices: &Choices,
) {
    let name = input_name(section, field);
    let id = input_id(&name);
    let error = errors.get(&name);
    let label = display_label(field.label);
    let marker = if field.required {
        "<span class=\"req\" aria-hidden=\"true\">*</span>"
    } else {
        ""
    };
    let required = if field.required {
        " required aria-required=\"true\""
    } else {
        ""
    };
    let error_id = format!("{id}-error");
    let error_html = error.map_or(String::new(), |message| {
        format!(
            "<p class=\"error\" id=\"{}\"><span class=\"visually-hidden\">Error: </span>{}</p>\n",
            escape(&error_id),
            escape(message)
        )
    });
    let described = if error.is_some() {
        format!(
            " aria-invalid=\"true\" aria-describedby=\"{}\"",
            escape(&error_id)
        )
    } else {
        String::new()
    };
    let class = if error.is_some() {
        "field invalid"
    } else {
        "field"
    };
    let value = values.first(&name).unwrap_or("");
    let attrs = format!(
        "name=\"{}\" id=\"{}\"{required}{described}",
        escape(&name),
        escape(&id)
    );

    // Groups of checkboxes get a fieldset and legend; everything else a label.
    if let ValueKind::MultiSelect(_) = field.kind {
        let _ = write!(
            html,
            "<div class=\"{class}\" data-kind=\"multi-select\">\n<fieldset id=\"{}\"{described}>\n\
             <legend>{}{marker}</legend>\n{error_html}",
            escape(&id),
            escape(&label),
        );
        for (index, option) in field.option_labels().enumerate() {
            let checked = if values.all(&name).any(|v| v == option) {
                " checked"
            } else {
                ""
            };
            let _ = writeln!(
                html,
                "<label class=\"choice\"><input type=\"checkbox\" name=\"{}\" id=\"{}-{index}\" \
                 value=\"{}\"{checked}> {}</label>",
                escape(&name),
                escape(&id),
                escape(option),
                escape(option)
            );
        }
        html.push_str("</fieldset>\n</div>\n");
        return;
    }
    if let ValueKind::Flag = field.kind {
        let checked = if value == "1" { " checked" } else { "" };
        let _ = write!(
            html,
            "<div class=\"{class}\" data-kind=\"flag\">\n{error_html}<label class=\"choice\" for=\"{}\">\
             <input type=\"checkbox\" {attrs} value=\"1\"{checked}> {}{marker}</label>\n</div>\n",
            escape(&id),
            escape(&label),
        );
        return;
    }

    let _ = write!(
        html,
        "<div class=\"{class}\" data-kind=\"{}\">\n<label for=\"{}\">{}{marker}</label>\n{error_html}",
        kind_name(field.kind),
        escape(&id),
        escape(&label),
    );
    let value = escape(value);
    match field.kind {
        ValueKind::Select(_) => {
            let _ = writeln!(html, "<select {attrs}>");
            let _ = writeln!(html, "<option value=\"\">Choose…</option>");
            for option in field.option_labels() {
                let selected = if values.first(&name) == Some(option) {
                    " selected"
                } else {
                    ""
                };
                let _ = writeln!(
                    html,
                    "<option value=\"{0}\"{selected}>{0}</option>",
                    escape(option)
                );
            }
            html.push_str("</select>\n");
        }
        ValueKind::Workarea => {
            let _ = writeln!(html, "<select {attrs}>");
            let _ = writeln!(html, "<option value=\"\">Choose…</option>");
            let chosen = values.first(&name);
            let option = |html: &mut String, id: u64, text: &str, indent: &str| {
                let id = id.to_string();
                let selected = if chosen == Some(id.as_str()) {
                    " selected"
                } else {
                    ""
                };
                let _ = writeln!(
                    html,
                    "<option value=\"{id}\"{selected}>{indent}{}</option>",
                    escape(text)
                );
            };
            for area in &choices.workareas {
                option(html, area.id.ids()[0], &area.text, "");
                for child in &area.children {
                    option(
                        html,
                        child.id.ids()[0],
                        &child.text,
                        "\u{a0}\u{a0}\u{a0}\u{a0}",
                    );
                }
            }
            html.push_str("</select>\n");
        }
        ValueKind::Text if field.wire_name == "referral_reason" => {
            let _ = writeln!(html, "<textarea {attrs} rows=\"4\">{value}</textarea>");
        }
        ValueKind::Text if field.wire_name == "email" => {
            let _ = writeln!(
                html,
                "<input type=\"email\" {attrs} value=\"{value}\" autocomplete=\"email\" spellcheck=\"false\">"
            );
        }
        ValueKind::Integer => {
            let _ = writeln!(
                html,
                "<input type=\"number\" {attrs} value=\"{value}\" step=\"1\" inputmode=\"numeric\">"
            );
        }
        ValueKind::Decimal => {
            let _ = writeln!(
                html,
                "<input type=\"number\" {attrs} value=\"{value}\" step=\"any\" inputmode=\"decimal\">"
            );
        }
        ValueKind::Date => {
            let _ = writeln!(html, "<input type=\"date\" {attrs} value=\"{value}\">");
        }
        ValueKind::DateTime => {
            let _ = writeln!(
                html,
                "<input type=\"datetime-local\" {attrs} value=\"{value}\" step=\"1\">"
            );
        }
        ValueKind::Postcode => {
            let _ = writeln!(
                html,
                "<input type=\"text\" {attrs} value=\"{value}\" autocomplete=\"postal-code\" \
                 spellcheck=\"false\" maxlength=\"10\">"
            );
        }
        ValueKind::List(_) => {
            let _ = writeln!(
                html,
                "<textarea {attrs} rows=\"3\">{}</textarea>",
                escape(&values.all(&name).collect::<Vec<_>>().join("\n"))
            );
        }
        _ => {
            let autocomplete = match field.wire_name {
                "first_name" => " autocomplete=\"given-name\"",
                "surname" => " autocomplete=\"family-name\"",
                _ => "",
            };
            let _ = writeln!(
                html,
                "<input type=\"text\" {attrs} value=\"{value}\"{autocomplete}>"
            );
        }
    }
    html.push_str("</div>\n");
}

/// The optional booking onto a session: not a field of any record, so not in any schema.
fn render_session(html: &mut String, values: &Values, errors: &Errors, choices: &Choices) {
    if choices.sessions.is_empty() {
        return;
    }
    let id = input_id(SESSION);
    let error = errors.get(SESSION);
    let _ = write!(
        html,
        "<fieldset class=\"section\">\n<legend>A first session <span class=\"optional\">(optional)</span></legend>\n\
         <div class=\"field{}\">\n<label for=\"{id}\">Book the young person onto</label>\n",
        if error.is_some() { " invalid" } else { "" }
    );
    if let Some(message) = error {
        let _ = writeln!(
            html,
            "<p class=\"error\" id=\"{id}-error\">{}</p>",
            escape(message)
        );
    }
    let described = if error.is_some() {
        format!(" aria-invalid=\"true\" aria-describedby=\"{id}-error\"")
    } else {
        String::new()
    };
    let _ = writeln!(html, "<select name=\"{SESSION}\" id=\"{id}\"{described}>");
    html.push_str("<option value=\"\">No session for now</option>\n");
    let chosen = values.first(SESSION);
    for work in &choices.sessions {
        let value = work.id.to_string();
        let selected = if chosen == Some(value.as_str()) {
            " selected"
        } else {
            ""
        };
        let when = work
            .start_date
            .map(|start| {
                format!(
                    " ({} {:02}:{:02})",
                    start.date(),
                    start.hour(),
                    start.minute()
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            html,
            "<option value=\"{value}\"{selected}>{}{}</option>",
            escape(&work.title),
            escape(&when)
        );
    }
    html.push_str("</select>\n</div>\n</fieldset>\n");
}

/// A name for a kind, written on each field's wrapper so that the page documents itself.
fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Text => "text",
        ValueKind::Integer => "integer",
        ValueKind::Decimal => "decimal",
        ValueKind::Flag => "flag",
        ValueKind::Date => "date",
        ValueKind::DateTime => "date-time",
        ValueKind::Profile => "profile",
        ValueKind::Workarea => "workarea",
        ValueKind::Postcode => "postcode",
        ValueKind::Role => "role",
        ValueKind::Select(_) => "select",
        ValueKind::MultiSelect(_) => "multi-select",
        ValueKind::List(_) => "list",
        _ => "other",
    }
}
