//! Published profiles: people, organisations and families.

use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use super::lenient::{option_text, serialize_option_date_time, text};
use super::record::{OptionDateTime, OptionDecimal, OptionText, record_with_custom_fields};
use super::{CustomFields, CustomValue};
use crate::ProfileId;

/// A profile as a `short` listing gives it: id, name and summary.
///
/// ```
/// use lamplight_core::response::{Page, ProfileSummary};
///
/// let page: Page<ProfileSummary> =
///     serde_json::from_str(r#"{"data": {"id": "653", "name": "Sam Patel", "summary": ""}}"#)?;
/// assert_eq!(page.records[0].id, lamplight_core::ProfileId(653));
/// assert_eq!(page.records[0].summary, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ProfileSummary {
    /// The profile's id.
    pub id: ProfileId,
    /// Its display name.
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    /// Its published summary.
    #[serde(default, deserialize_with = "option_text")]
    pub summary: Option<String>,
}

/// A profile in full, as `full` listings and `one` requests give it.
///
/// People carry `first_name` and `surname`; organisations and families `name`. Published custom
/// fields are reachable by label with [`custom`](Self::custom).
///
/// ```
/// use lamplight_core::response::{One, Profile, Reply};
///
/// let body = r#"{"data": [{"id": "653", "first_name": "Sam", "surname": "Patel",
///                "postcode": "SW1A 1AA", "lat": "51.5010089386737000",
///                "lng": "-0.1415870000000000", "northing": "179645", "easting": 529090,
///                "date_updated": "2024-03-01 10:00:00", "First_language": "English"}],
///                "meta": ""}"#;
/// let profile = serde_json::from_str::<Reply<One<Profile>>>(body)?.data.0;
/// assert_eq!(profile.display_name(), "Sam Patel");
/// assert!((profile.lat.unwrap_or_default() - 51.501).abs() < 0.001);
/// assert_eq!(profile.northing, Some(179_645.0));
/// assert_eq!(profile.custom("First language").and_then(|v| v.as_text()), Some("English"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Profile {
    /// The profile's id.
    pub id: ProfileId,
    /// An organisation's or family's name, or a person's full name when the server gives one.
    pub name: Option<String>,
    /// A person's first name.
    pub first_name: Option<String>,
    /// A person's surname.
    pub surname: Option<String>,
    /// The published summary.
    pub summary: Option<String>,
    /// Address line 1.
    pub address_line_1: Option<String>,
    /// Address line 2.
    pub address_line_2: Option<String>,
    /// Address line 3.
    pub address_line_3: Option<String>,
    /// Address line 4.
    pub address_line_4: Option<String>,
    /// Address line 5.
    pub address_line_5: Option<String>,
    /// The postcode, as stored.
    pub postcode: Option<String>,
    /// The email address.
    pub email: Option<String>,
    /// The website.
    pub web: Option<String>,
    /// The phone number.
    pub phone: Option<String>,
    /// The mobile number.
    pub mobile: Option<String>,
    /// When the profile last changed.
    #[serde(serialize_with = "serialize_option_date_time")]
    pub date_updated: Option<PrimitiveDateTime>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lng: Option<f64>,
    /// Ordnance Survey northing, in metres.
    pub northing: Option<f64>,
    /// Ordnance Survey easting, in metres.
    pub easting: Option<f64>,
    /// The published custom fields.
    // Written flat, as the server sends them; read by the decoder below.
    #[serde(flatten)]
    pub custom_fields: CustomFields,
}

record_with_custom_fields!(
    Profile, "a profile as an object",
    name: Option<String> = "name" => OptionText,
    first_name: Option<String> = "first_name" => OptionText,
    surname: Option<String> = "surname" => OptionText,
    summary: Option<String> = "summary" => OptionText,
    address_line_1: Option<String> = "address_line_1" => OptionText,
    address_line_2: Option<String> = "address_line_2" => OptionText,
    address_line_3: Option<String> = "address_line_3" => OptionText,
    address_line_4: Option<String> = "address_line_4" => OptionText,
    address_line_5: Option<String> = "address_line_5" => OptionText,
    postcode: Option<String> = "postcode" => OptionText,
    email: Option<String> = "email" => OptionText,
    web: Option<String> = "web" => OptionText,
    phone: Option<String> = "phone" => OptionText,
    mobile: Option<String> = "mobile" => OptionText,
    date_updated: Option<PrimitiveDateTime> = "date_updated" => OptionDateTime,
    lat: Option<f64> = "lat" => OptionDecimal,
    lng: Option<f64> = "lng" => OptionDecimal,
    northing: Option<f64> = "northing" => OptionDecimal,
    easting: Option<f64> = "easting" => OptionDecimal,
);

impl Profile {
    /// The published custom field with the Lamplight label `label` (e.g. `Food liked`).
    pub fn custom(&self, label: &str) -> Option<&CustomValue> {
        self.custom_fields.get(label)
    }

    /// The name to show: `name`, or else the first name and surname joined.
    pub fn display_name(&self) -> String {
        if let Some(name) = self.name.as_deref().filter(|n| !n.trim().is_empty()) {
            return name.to_owned();
        }
        [self.first_name.as_deref(), self.surname.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The address lines that are not empty, in order.
    pub fn address_lines(&self) -> impl Iterator<Item = &str> {
        [
            &self.address_line_1,
            &self.address_line_2,
            &self.address_line_3,
            &self.address_line_4,
            &self.address_line_5,
        ]
        .into_iter()
        .filter_map(|line| line.as_deref())
        .filter(|line| !line.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::CustomValue;

    fn decode(body: &str) -> Result<Profile, serde_json::Error> {
        serde_json::from_str(body)
    }

    fn fields(profile: &Profile) -> Vec<(&str, &CustomValue)> {
        profile.custom_fields.iter().collect()
    }

    fn text(value: &str) -> CustomValue {
        CustomValue::Text(value.to_owned())
    }

    #[test]
    fn a_repeated_custom_field_keeps_its_last_value() {
        let profile = decode(r#"{"id": 1, "Colour": "Red", "Colour": "Blue"}"#).unwrap();
        assert_eq!(fields(&profile), [("Colour", &text("Blue"))]);
    }

    #[test]
    fn a_custom_field_repeated_as_null_is_gone() {
        let profile = decode(r#"{"id": 1, "Colour": "Red", "Colour": null}"#).unwrap();
        assert!(profile.custom_fields.is_empty());
        let profile = decode(r#"{"id": 1, "Colour": null, "Colour": "Red"}"#).unwrap();
        assert_eq!(fields(&profile), [("Colour", &text("Red"))]);
        let profile = decode(
            r#"{"id": 1, "Colour": "Red", "Size": null, "Colour": null, "Colour": "Blue",
                "Age": "4", "Size": "L", "Age": null}"#,
        )
        .unwrap();
        assert_eq!(
            fields(&profile),
            [("Colour", &text("Blue")), ("Size", &text("L"))]
        );
    }

    #[test]
    fn a_repeated_built_in_field_is_an_error_naming_it() {
        let error = decode(r#"{"id": 1, "surname": "Patel", "surname": "Shah"}"#).unwrap_err();
        assert!(
            error.to_string().contains("duplicate field `surname`"),
            "{error}"
        );
        let error = decode(r#"{"id": 1, "id": 2}"#).unwrap_err();
        assert!(
            error.to_string().contains("duplicate field `id`"),
            "{error}"
        );
    }

    #[test]
    fn null_custom_fields_are_left_out() {
        let profile = decode(r#"{"id": 1, "Colour": null, "Size": "L"}"#).unwrap();
        assert_eq!(fields(&profile), [("Size", &text("L"))]);
    }

    #[test]
    fn a_nested_object_is_kept_as_its_json_text_with_sorted_keys() {
        let profile = decode(r#"{"id": 1, "Extra": {"b": 1, "a": [2, "x"], "c": null}}"#).unwrap();
        assert_eq!(
            fields(&profile),
            [("Extra", &text(r#"{"a":[2,"x"],"b":1,"c":null}"#))]
        );
    }

    #[test]
    fn lists_keep_their_scalar_items_as_text() {
        let profile = decode(
            r#"{"id": 1, "Mixed": ["a", 1, -2, 2.50, true, false, null, [3], {"x": 4}, ""]}"#,
        )
        .unwrap();
        let expected = ["a", "1", "-2", "2.5", "1", "0", ""].map(str::to_owned);
        assert_eq!(
            fields(&profile),
            [("Mixed", &CustomValue::List(expected.to_vec()))]
        );
        let profile = decode(r#"{"id": 1, "Empty": []}"#).unwrap();
        assert_eq!(
            fields(&profile),
            [("Empty", &CustomValue::List(Vec::new()))]
        );
    }

    #[test]
    fn scalar_custom_fields_become_text() {
        let profile = decode(
            r#"{"id": 1, "A": 12, "B": -3, "C": 2.50, "D": true, "E": false, "F": "", "G": 1e3}"#,
        )
        .unwrap();
        assert_eq!(
            fields(&profile),
            [
                ("A", &text("12")),
                ("B", &text("-3")),
                ("C", &text("2.5")),
                ("D", &text("1")),
                ("E", &text("0")),
                ("F", &text("")),
                ("G", &text("1000.0")),
            ]
        );
    }

    #[test]
    fn custom_fields_come_in_the_order_of_their_names() {
        let profile = decode(r#"{"Zeta": "z", "id": 1, "alpha": "a", "Alpha": "A"}"#).unwrap();
        assert_eq!(
            fields(&profile),
            [
                ("Alpha", &text("A")),
                ("Zeta", &text("z")),
                ("alpha", &text("a"))
            ]
        );
    }

    #[test]
    fn names_that_differ_only_in_case_are_separate_fields() {
        let profile = decode(r#"{"id": 1, "colour": "red", "Colour": "Blue"}"#).unwrap();
        assert_eq!(profile.custom_fields.len(), 2);
        assert_eq!(profile.custom("colour"), Some(&text("red")));
        assert_eq!(profile.custom("Colour"), Some(&text("Blue")));
        // No exact match: the first in name order that matches without regard to case.
        assert_eq!(profile.custom("COLOUR"), Some(&text("Blue")));
    }

    #[test]
    fn a_built_in_name_in_another_case_is_a_custom_field() {
        let profile = decode(r#"{"id": 1, "First_Name": "Sam", "first_name": "Samuel"}"#).unwrap();
        assert_eq!(profile.first_name.as_deref(), Some("Samuel"));
        assert_eq!(fields(&profile), [("First_Name", &text("Sam"))]);
        let error = decode(r#"{"ID": 1}"#).unwrap_err();
        assert!(error.to_string().contains("missing field `id`"), "{error}");
    }

    #[test]
    fn built_in_fields_decode_leniently_and_name_their_problem() {
        let profile = decode(
            r#"{"id": "7", "name": null, "summary": "", "lat": "", "easting": 529090,
                "date_updated": "0000-00-00 00:00:00", "phone": 2079460001}"#,
        )
        .unwrap();
        assert_eq!(profile.id, ProfileId(7));
        assert_eq!((profile.name, profile.summary), (None, None));
        assert_eq!((profile.lat, profile.easting), (None, Some(529_090.0)));
        assert_eq!(profile.date_updated, None);
        assert_eq!(profile.phone.as_deref(), Some("2079460001"));
        assert!(profile.custom_fields.is_empty());
        let error = decode(r#"{"id": 1, "lat": "north"}"#).unwrap_err();
        assert!(error.to_string().contains("expected a decimal"), "{error}");
        let error = decode(r#"{"id": 1, "email": ["a"]}"#).unwrap_err();
        assert!(error.to_string().contains("expected text"), "{error}");
    }

    #[test]
    fn only_an_object_is_a_profile() {
        for body in [r#""Sam""#, "[1]", "12", "null"] {
            assert!(decode(body).is_err(), "{body}");
        }
        let error = decode(r#"{"id": 1, "Colour": "Red""#).unwrap_err();
        assert!(error.is_eof(), "{error}");
    }

    #[test]
    fn what_is_written_decodes_back() {
        let profile = decode(
            r#"{"id": 1, "first_name": "Sam", "date_updated": "2024-03-01 10:00:00",
                "Food_liked": ["Pasta", "Curry"], "Colour": "Blue", "Extra": {"a": 1}}"#,
        )
        .unwrap();
        let written = serde_json::to_string(&profile).unwrap();
        assert_eq!(decode(&written).unwrap(), profile);
    }
}
