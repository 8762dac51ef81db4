//! Published work records: sessions, events and the like.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use time::PrimitiveDateTime;

use super::CustomFields;
use super::lenient::{
    describe, flag, is_blank, option_date_time, option_text, option_u32,
    serialize_option_date_time, text, text_from, uint_from,
};
use super::record::{
    Decoder, Flag, List, OptionDateTime, OptionText, OptionU32, Text, record_with_custom_fields,
};
use crate::{WorkId, WorkareaId};

/// A workarea as a record names it: by id, or by name.
///
/// The live server sends a work record's `workarea` as a number, a numeric string (possibly a
/// comma-separated list), or an array of names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum WorkareaRef {
    /// A workarea id.
    Id(WorkareaId),
    /// A workarea's name.
    Name(String),
}

impl Serialize for WorkareaRef {
    /// An id as a number, a name as a string: shapes the decoder reads back.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            WorkareaRef::Id(id) => id.serialize(serializer),
            WorkareaRef::Name(name) => serializer.serialize_str(name),
        }
    }
}

impl WorkareaRef {
    /// The id, when the server sent one.
    pub fn id(&self) -> Option<&WorkareaId> {
        match self {
            WorkareaRef::Id(id) => Some(id),
            WorkareaRef::Name(_) => None,
        }
    }

    /// The name, when the server sent one.
    pub fn name(&self) -> Option<&str> {
        match self {
            WorkareaRef::Id(_) => None,
            WorkareaRef::Name(name) => Some(name),
        }
    }
}

fn workarea_refs_from(value: &Value, out: &mut Vec<WorkareaRef>) -> Result<(), String> {
    match value {
        blank if is_blank(blank) => {}
        Value::Number(_) => out.push(WorkareaRef::Id(WorkareaId::one(
            uint_from(value).ok_or_else(|| format!("{} is not a workarea id", describe(value)))?,
        ))),
        Value::String(s) => {
            let parts: Vec<&str> = s.split(',').map(str::trim).collect();
            let ids: Option<Vec<u64>> = parts.iter().map(|p| p.parse().ok()).collect();
            match ids {
                Some(ids) => out.extend(
                    ids.into_iter()
                        .map(|id| WorkareaRef::Id(WorkareaId::one(id))),
                ),
                None => out.push(WorkareaRef::Name(s.trim().to_owned())),
            }
        }
        Value::Array(items) => {
            for item in items {
                workarea_refs_from(item, out)?;
            }
        }
        Value::Object(map) => {
            if let Some(id) = map.get("id").and_then(uint_from) {
                out.push(WorkareaRef::Id(WorkareaId::one(id)));
            } else if let Some(name) = map
                .get("text")
                .or_else(|| map.get("name"))
                .and_then(text_from)
            {
                out.push(WorkareaRef::Name(name));
            } else {
                return Err("a workarea object without `id` or `text`".to_owned());
            }
        }
        other => return Err(format!("{} is not a workarea", describe(other))),
    }
    Ok(())
}

/// The workareas a record names, in any of the shapes the server uses.
fn workarea_refs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<WorkareaRef>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let mut refs = Vec::new();
    workarea_refs_from(&value, &mut refs).map_err(D::Error::custom)?;
    Ok(refs)
}

/// A work record as `work/some` lists it.
///
/// ```
/// use lamplight_core::WorkId;
/// use lamplight_core::response::{Page, WorkSummary, WorkareaRef};
///
/// let body = r#"{"data": [{"id": 30936, "title": "Youth club",
///                "start_date": "2024-03-01 18:00:00", "end_date": "2024-03-01 20:00:00",
///                "workarea": ["Youth work"], "may_add_attend": true,
///                "num_users_attending": 4, "maximum_num_users_allowed": 20}],
///                "meta": {"numRecords": 1, "totalRecords": 1}}"#;
/// let page: Page<WorkSummary> = serde_json::from_str(body)?;
/// let work = &page.records[0];
/// assert_eq!(work.id, WorkId(30936));
/// assert_eq!(work.workarea, [WorkareaRef::Name("Youth work".into())]);
/// assert_eq!(work.places_left(), Some(16));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkSummary {
    /// The work record's id, as `work_record` and attendances take it.
    pub id: WorkId,
    /// Its title.
    #[serde(default, deserialize_with = "text")]
    pub title: String,
    /// When it starts.
    #[serde(
        default,
        deserialize_with = "option_date_time",
        serialize_with = "serialize_option_date_time"
    )]
    pub start_date: Option<PrimitiveDateTime>,
    /// When it ends.
    #[serde(
        default,
        deserialize_with = "option_date_time",
        serialize_with = "serialize_option_date_time"
    )]
    pub end_date: Option<PrimitiveDateTime>,
    /// The workareas it belongs to, by id or by name as the server sent them.
    #[serde(default, deserialize_with = "workarea_refs")]
    pub workarea: Vec<WorkareaRef>,
    /// Whether attendees may be added to it through the API.
    #[serde(default, deserialize_with = "flag")]
    pub may_add_attend: bool,
    /// How many people attend, when attendance through the API is allowed.
    #[serde(default, deserialize_with = "option_u32")]
    pub num_users_attending: Option<u32>,
    /// How many may attend, when attendance through the API is allowed and there is a limit.
    #[serde(default, deserialize_with = "option_u32")]
    pub maximum_num_users_allowed: Option<u32>,
}

impl WorkSummary {
    /// How many places are left, when both counts are known.
    pub fn places_left(&self) -> Option<u32> {
        Some(
            self.maximum_num_users_allowed?
                .saturating_sub(self.num_users_attending?),
        )
    }
}

/// A work record in full, as `work/one` returns it.
///
/// ```
/// use lamplight_core::response::{One, Reply, Work};
///
/// let body = r#"{"data": {"id": "30936", "title": "Youth club", "workarea": "3",
///                "workareaText": "Youth work", "subWorkareas": "", "description": "Games",
///                "location": "", "location_full_details": [{"name": "Hall",
///                "postcode": "SW1A 1AA", "disabled_access": "1"}], "Theme": "Music"},
///                "meta": ""}"#;
/// let work = serde_json::from_str::<Reply<One<Work>>>(body)?.data.0;
/// assert_eq!(work.locations()[0].name.as_deref(), Some("Hall"));
/// assert!(work.sub_workareas.is_empty());
/// assert_eq!(work.custom("Theme").and_then(|v| v.as_text()), Some("Music"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Work {
    /// The work record's id.
    pub id: WorkId,
    /// Its title.
    pub title: String,
    /// When it starts.
    #[serde(serialize_with = "serialize_option_date_time")]
    pub start_date: Option<PrimitiveDateTime>,
    /// When it ends.
    #[serde(serialize_with = "serialize_option_date_time")]
    pub end_date: Option<PrimitiveDateTime>,
    /// The workareas it belongs to.
    pub workarea: Vec<WorkareaRef>,
    /// The names of its workareas, as one text (`workareaText`).
    #[serde(rename = "workareaText")]
    pub workarea_text: Option<String>,
    /// The sub-workareas it belongs to (`subWorkareas`).
    #[serde(rename = "subWorkareas")]
    pub sub_workareas: Vec<WorkareaRef>,
    /// Whether attendees may be added to it through the API.
    pub may_add_attend: bool,
    /// How many people attend, when attendance through the API is allowed.
    #[serde(default, deserialize_with = "option_u32")]
    pub num_users_attending: Option<u32>,
    /// How many may attend, when there is a limit.
    #[serde(default, deserialize_with = "option_u32")]
    pub maximum_num_users_allowed: Option<u32>,
    /// Its description.
    pub description: Option<String>,
    /// Its summary.
    pub summary: Option<String>,
    /// Its follow-up notes.
    pub followup: Option<String>,
    /// Where it happens, in brief (`location`).
    pub location: Vec<Location>,
    /// Where it happens, in full (`location_full_details`).
    pub location_full_details: Vec<Location>,
    /// Its published custom fields.
    // Written flat, as the server sends them; read by the decoder below.
    #[serde(flatten)]
    pub custom_fields: CustomFields,
}

record_with_custom_fields!(
    Work, "a work record as an object",
    title: String = "title" => Text,
    start_date: Option<PrimitiveDateTime> = "start_date" => OptionDateTime,
    end_date: Option<PrimitiveDateTime> = "end_date" => OptionDateTime,
    workarea: Vec<WorkareaRef> = "workarea" => WorkareaRefs,
    workarea_text: Option<String> = "workareaText" => OptionText,
    sub_workareas: Vec<WorkareaRef> = "subWorkareas" => WorkareaRefs,
    may_add_attend: bool = "may_add_attend" => Flag,
    num_users_attending: Option<u32> = "num_users_attending" => OptionU32,
    maximum_num_users_allowed: Option<u32> = "maximum_num_users_allowed" => OptionU32,
    description: Option<String> = "description" => OptionText,
    summary: Option<String> = "summary" => OptionText,
    followup: Option<String> = "followup" => OptionText,
    location: Vec<Location> = "location" => List,
    location_full_details: Vec<Location> = "location_full_details" => List,
);

/// [`workarea_refs`], for the record decoder.
struct WorkareaRefs;

impl Decoder<Vec<WorkareaRef>> for WorkareaRefs {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<WorkareaRef>, D::Error> {
        workarea_refs(deserializer)
    }
}

impl Work {
    /// Its locations: the full details when the server sent them, the brief ones otherwise.
    pub fn locations(&self) -> &[Location] {
        if self.location_full_details.is_empty() {
            &self.location
        } else {
            &self.location_full_details
        }
    }

    /// The published custom field with the Lamplight label `label`.
    pub fn custom(&self, label: &str) -> Option<&super::CustomValue> {
        self.custom_fields.get(label)
    }

    /// How many places are left, when both counts are known.
    pub fn places_left(&self) -> Option<u32> {
        Some(
            self.maximum_num_users_allowed?
                .saturating_sub(self.num_users_attending?),
        )
    }
}

/// Where a work record happens.
///
/// Sent as an object with name, address lines, postcode, description, website, disabled access
/// and contact phone; a bare string is taken as the name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Location {
    /// The place's name.
    pub name: Option<String>,
    /// The address lines that are not empty, in order.
    pub address_lines: Vec<String>,
    /// The postcode.
    pub postcode: Option<String>,
    /// A description of the place.
    pub description: Option<String>,
    /// Its website.
    pub website: Option<String>,
    /// What the server says about disabled access.
    pub disabled_access: Option<String>,
    /// A phone number to contact.
    pub contact_phone: Option<String>,
}

impl Serialize for Location {
    /// The wire's shape (`address_line_1` ...), so what is written decodes back.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", &self.name)?;
        for (index, line) in self.address_lines.iter().enumerate() {
            map.serialize_entry(&format!("address_line_{}", index + 1), line)?;
        }
        map.serialize_entry("postcode", &self.postcode)?;
        map.serialize_entry("description", &self.description)?;
        map.serialize_entry("website", &self.website)?;
        map.serialize_entry("disabled_access", &self.disabled_access)?;
        map.serialize_entry("contact_phone", &self.contact_phone)?;
        map.end()
    }
}

#[derive(Deserialize)]
struct LocationWire {
    #[serde(default, deserialize_with = "option_text")]
    name: Option<String>,
    #[serde(default, alias = "address1", deserialize_with = "option_text")]
    address_line_1: Option<String>,
    #[serde(default, alias = "address2", deserialize_with = "option_text")]
    address_line_2: Option<String>,
    #[serde(default, alias = "address3", deserialize_with = "option_text")]
    address_line_3: Option<String>,
    #[serde(default, alias = "address4", deserialize_with = "option_text")]
    address_line_4: Option<String>,
    #[serde(default, alias = "address5", deserialize_with = "option_text")]
    address_line_5: Option<String>,
    #[serde(default, deserialize_with = "option_text")]
    postcode: Option<String>,
    #[serde(default, deserialize_with = "option_text")]
    description: Option<String>,
    #[serde(default, alias = "web", deserialize_with = "option_text")]
    website: Option<String>,
    #[serde(default, deserialize_with = "option_text")]
    disabled_access: Option<String>,
    #[serde(default, alias = "phone", deserialize_with = "option_text")]
    contact_phone: Option<String>,
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if let Value::String(name) = value {
            return Ok(Location {
                name: Some(name),
                ..Location::default()
            });
        }
        let wire: LocationWire = serde_json::from_value(value).map_err(D::Error::custom)?;
        let address_lines = [
            wire.address_line_1,
            wire.address_line_2,
            wire.address_line_3,
            wire.address_line_4,
            wire.address_line_5,
        ]
        .into_iter()
        .flatten()
        .filter(|line| !line.trim().is_empty())
        .collect();
        Ok(Location {
            name: wire.name,
            address_lines,
            postcode: wire.postcode,
            description: wire.description,
            website: wire.website,
            disabled_access: wire.disabled_access,
            contact_phone: wire.contact_phone,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::CustomValue;

    fn decode(body: &str) -> Result<Work, serde_json::Error> {
        serde_json::from_str(body)
    }

    #[test]
    fn built_in_fields_and_custom_fields_part_ways() {
        let work = decode(
            r#"{"id": "30936", "title": 12, "workareaText": "Youth work", "workarea_text": "x",
                "subWorkareas": "3,4", "may_add_attend": "1", "location": "Hall",
                "Theme": "Music", "Theme": "Drama", "Room": null, "Tags": ["a", 2]}"#,
        )
        .unwrap();
        assert_eq!(work.id, WorkId(30936));
        assert_eq!(work.title, "12");
        assert_eq!(work.workarea_text.as_deref(), Some("Youth work"));
        assert_eq!(work.sub_workareas.len(), 2);
        assert!(work.may_add_attend);
        assert_eq!(work.locations()[0].name.as_deref(), Some("Hall"));
        let fields: Vec<_> = work.custom_fields.iter().collect();
        assert_eq!(
            fields,
            [
                (
                    "Tags",
                    &CustomValue::List(vec!["a".to_owned(), "2".to_owned()])
                ),
                ("Theme", &CustomValue::Text("Drama".to_owned())),
                ("workarea_text", &CustomValue::Text("x".to_owned())),
            ]
        );
    }

    #[test]
    fn absent_built_in_fields_take_their_defaults() {
        let work = decode(r#"{"id": 1}"#).unwrap();
        assert_eq!(work.title, "");
        assert!(!work.may_add_attend && work.workarea.is_empty() && work.location.is_empty());
        assert_eq!((work.start_date, work.num_users_attending), (None, None));
    }

    #[test]
    fn mistakes_name_their_field() {
        let error = decode(r#"{"title": "Youth club"}"#).unwrap_err();
        assert!(error.to_string().contains("missing field `id`"), "{error}");
        let error = decode(r#"{"id": 1, "workareaText": "a", "workareaText": "b"}"#).unwrap_err();
        assert!(
            error.to_string().contains("duplicate field `workareaText`"),
            "{error}"
        );
        let error = decode(r#"{"id": 1, "num_users_attending": "many"}"#).unwrap_err();
        assert!(
            error.to_string().contains("expected a whole number"),
            "{error}"
        );
        assert!(decode(r#"[1, "Youth club"]"#).is_err());
    }
}
