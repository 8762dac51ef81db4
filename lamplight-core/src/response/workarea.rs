//! Workareas: the two-level tree `workarea/all` returns.

use serde::Deserialize;

use super::lenient::{list, text, uint};

/// A workarea, with the workareas under it.
///
/// ```
/// use lamplight_core::response::{Page, Workarea};
///
/// let body = r#"{"data": [{"id": "1", "text": "Youth work",
///                "children": [{"id": 2, "text": "Youth club", "children": ""}]}]}"#;
/// let areas: Page<Workarea> = serde_json::from_str(body)?;
/// assert_eq!(areas.records[0].children[0].text, "Youth club");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Workarea {
    /// The workarea's id, as `workarea` filters and `workareaid` take it.
    #[serde(deserialize_with = "uint")]
    pub id: u64,
    /// Its name.
    #[serde(default, deserialize_with = "text")]
    pub text: String,
    /// The workareas under it; none for a leaf.
    #[serde(default, deserialize_with = "list")]
    pub children: Vec<Workarea>,
}

impl Workarea {
    /// This workarea and every one under it, depth first.
    pub fn iter(&self) -> impl Iterator<Item = &Workarea> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            stack.extend(next.children.iter().rev());
            Some(next)
        })
    }
}
