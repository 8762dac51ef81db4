//! Published profiles: people, organisations and families.

use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use super::lenient::{
    option_date_time, option_decimal, option_text, serialize_option_date_time, text,
};
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
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Profile {
    /// The profile's id.
    pub id: ProfileId,
    /// An organisation's or family's name, or a person's full name when the server gives one.
    #[serde(default, deserialize_with = "option_text")]
    pub name: Option<String>,
    /// A person's first name.
    #[serde(default, deserialize_with = "option_text")]
    pub first_name: Option<String>,
    /// A person's surname.
    #[serde(default, deserialize_with = "option_text")]
    pub surname: Option<String>,
    /// The published summary.
    #[serde(default, deserialize_with = "option_text")]
    pub summary: Option<String>,
    /// Address line 1.
    #[serde(default, deserialize_with = "option_text")]
    pub address_line_1: Option<String>,
    /// Address line 2.
    #[serde(default, deserialize_with = "option_text")]
    pub address_line_2: Option<String>,
    /// Address line 3.
    #[serde(default, deserialize_with = "option_text")]
    pub address_line_3: Option<String>,
    /// Address line 4.
    #[serde(default, deserialize_with = "option_text")]
    pub address_line_4: Option<String>,
    /// Address line 5.
    #[serde(default, deserialize_with = "option_text")]
    pub address_line_5: Option<String>,
    /// The postcode, as stored.
    #[serde(default, deserialize_with = "option_text")]
    pub postcode: Option<String>,
    /// The email address.
    #[serde(default, deserialize_with = "option_text")]
    pub email: Option<String>,
    /// The website.
    #[serde(default, deserialize_with = "option_text")]
    pub web: Option<String>,
    /// The phone number.
    #[serde(default, deserialize_with = "option_text")]
    pub phone: Option<String>,
    /// The mobile number.
    #[serde(default, deserialize_with = "option_text")]
    pub mobile: Option<String>,
    /// When the profile last changed.
    #[serde(
        default,
        deserialize_with = "option_date_time",
        serialize_with = "serialize_option_date_time"
    )]
    pub date_updated: Option<PrimitiveDateTime>,
    /// Latitude in degrees.
    #[serde(default, deserialize_with = "option_decimal")]
    pub lat: Option<f64>,
    /// Longitude in degrees.
    #[serde(default, deserialize_with = "option_decimal")]
    pub lng: Option<f64>,
    /// Ordnance Survey northing, in metres.
    #[serde(default, deserialize_with = "option_decimal")]
    pub northing: Option<f64>,
    /// Ordnance Survey easting, in metres.
    #[serde(default, deserialize_with = "option_decimal")]
    pub easting: Option<f64>,
    /// The published custom fields.
    #[serde(flatten)]
    pub custom_fields: CustomFields,
}

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
