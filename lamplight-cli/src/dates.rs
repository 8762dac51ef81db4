//! Dates as spreadsheets write them (`31/01/2026`, `31/01/2026 09:30`), turned into the
//! `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` that Lamplight takes.
//!
//! A pattern is written with `DD`, `MM`, `YYYY`, `HH`, `MM` (minutes, after `HH`) and `SS`,
//! and any other character stands for itself: `DD/MM/YYYY`, `MM/DD/YYYY HH:MM`,
//! `DD.MM.YYYY`. Days, months and hours may have one digit or two, as Excel writes them; the
//! year always has four, since `03/04/26` could be in any century. An ISO date
//! (`2026-01-31`, `2026-01-31 09:30`) is accepted whatever the pattern, since it cannot be
//! misread.

use time::{Date, Month, Time};

/// One piece of a date pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Day,
    Month,
    Year,
    Hour,
    Minute,
    Second,
    Literal(char),
}

/// A date pattern, such as `DD/MM/YYYY`.
///
/// ```
/// use lamplight_cli::dates::DateFormat;
///
/// let uk = DateFormat::uk();
/// assert_eq!(uk.normalise("31/01/2026").as_deref(), Ok("2026-01-31"));
/// assert_eq!(uk.normalise("1/2/2026 9:05").as_deref(), Ok("2026-02-01 09:05:00"));
/// assert!(uk.normalise("31/02/2026").unwrap_err().contains("DD/MM/YYYY"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    pattern: String,
    parts: Vec<Part>,
}

impl Default for DateFormat {
    fn default() -> DateFormat {
        DateFormat::uk()
    }
}

impl DateFormat {
    /// `DD/MM/YYYY`, optionally followed by `HH:MM` or `HH:MM:SS`: what a UK spreadsheet
    /// exports.
    pub fn uk() -> DateFormat {
        DateFormat {
            pattern: "DD/MM/YYYY".to_owned(),
            parts: vec![
                Part::Day,
                Part::Literal('/'),
                Part::Month,
                Part::Literal('/'),
                Part::Year,
            ],
        }
    }

    /// Reads a pattern such as `MM/DD/YYYY HH:MM`.
    ///
    /// # Errors
    /// A sentence saying what is wrong: a two-digit year, a field given twice, a pattern
    /// without a day, month or year.
    ///
    /// ```
    /// use lamplight_cli::dates::DateFormat;
    ///
    /// let us = DateFormat::parse("MM/DD/YYYY")?;
    /// assert_eq!(us.normalise("01/31/2026").as_deref(), Ok("2026-01-31"));
    /// assert!(DateFormat::parse("DD/MM/YY").is_err());
    /// # Ok::<(), String>(())
    /// ```
    pub fn parse(pattern: &str) -> Result<DateFormat, String> {
        let mut parts = Vec::new();
        let mut rest = pattern;
        let mut after_hour = false;
        while let Some(c) = rest.chars().next() {
            let (part, length) = if rest.starts_with("YYYY") {
                (Part::Year, 4)
            } else if rest.starts_with("YY") {
                return Err(format!(
                    "the date format `{pattern}` has a two-digit year, which could be in any \
                     century; use YYYY"
                ));
            } else if rest.starts_with("DD") {
                (Part::Day, 2)
            } else if rest.starts_with("MM") {
                (
                    if after_hour {
                        Part::Minute
                    } else {
                        Part::Month
                    },
                    2,
                )
            } else if rest.starts_with("HH") {
                after_hour = true;
                (Part::Hour, 2)
            } else if rest.starts_with("SS") {
                (Part::Second, 2)
            } else if c.is_ascii_alphanumeric() {
                return Err(format!(
                    "the date format `{pattern}` has `{c}`, which is not one of DD, MM, YYYY, \
                     HH, MM (minutes, after HH) or SS"
                ));
            } else {
                (Part::Literal(c), c.len_utf8())
            };
            if !matches!(part, Part::Literal(_)) && parts.contains(&part) {
                return Err(format!(
                    "the date format `{pattern}` names the same part twice"
                ));
            }
            parts.push(part);
            rest = &rest[length..];
        }
        for (needed, name) in [(Part::Day, "DD"), (Part::Month, "MM"), (Part::Year, "YYYY")] {
            if !parts.contains(&needed) {
                return Err(format!("the date format `{pattern}` has no {name}"));
            }
        }
        if parts.contains(&Part::Hour) != parts.contains(&Part::Minute) {
            return Err(format!(
                "the date format `{pattern}` needs both HH and MM (minutes) for a time"
            ));
        }
        Ok(DateFormat {
            pattern: pattern.to_owned(),
            parts,
        })
    }

    /// The pattern, as the user gave it.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// What the pattern accepts, for messages.
    pub fn expected(&self) -> String {
        if self.parts.contains(&Part::Hour) {
            self.pattern.clone()
        } else {
            format!("{} (optionally with HH:MM)", self.pattern)
        }
    }

    /// `text` as Lamplight takes a date: `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when it has a
    /// time.
    ///
    /// # Errors
    /// A sentence naming the value and the format expected, for text that does not follow the
    /// pattern and for impossible dates (`31/02/2026`, `25:00`).
    pub fn normalise(&self, text: &str) -> Result<String, String> {
        let text = text.trim();
        let parsed = match iso(text) {
            Some(parsed) => parsed,
            None => self.read(text)?,
        };
        let (date, time) = parsed.build().map_err(|why| {
            format!(
                "`{text}` is not a real date ({why}); expected {}",
                self.expected()
            )
        })?;
        let date_format = time::macros::format_description!("[year]-[month]-[day]");
        let date_text = date.format(date_format).map_err(|err| err.to_string())?;
        Ok(match time {
            Some(time) => {
                let time_format = time::macros::format_description!("[hour]:[minute]:[second]");
                let time_text = time.format(time_format).map_err(|err| err.to_string())?;
                format!("{date_text} {time_text}")
            }
            None => date_text,
        })
    }

    fn read(&self, text: &str) -> Result<Fields, String> {
        let wrong = || {
            if is_two_digit_year(text) {
                format!(
                    "`{text}` has a two-digit year, which could be in any century; expected {}",
                    self.expected()
                )
            } else {
                format!("`{text}` is not a date; expected {}", self.expected())
            }
        };
        let mut fields = Fields::default();
        let mut rest = text;
        for part in &self.parts {
            rest = match part {
                Part::Literal(c) => rest.strip_prefix(*c).ok_or_else(wrong)?,
                number => {
                    let (min, max) = match number {
                        Part::Year => (4, 4),
                        Part::Minute | Part::Second => (2, 2),
                        _ => (1, 2),
                    };
                    let (value, rest) = digits(rest, min, max).ok_or_else(wrong)?;
                    fields.set(*number, value);
                    rest
                }
            };
        }
        if !rest.is_empty() {
            if self.parts.contains(&Part::Hour) {
                return Err(wrong());
            }
            let time = rest.strip_prefix(' ').ok_or_else(wrong)?.trim_start();
            read_time(time, &mut fields).ok_or_else(wrong)?;
        }
        Ok(fields)
    }
}

/// The numbers read from a date, before they are checked.
#[derive(Debug, Default)]
struct Fields {
    year: i32,
    month: u8,
    day: u8,
    time: Option<(u8, u8, u8)>,
}

impl Fields {
    fn set(&mut self, part: Part, value: u32) {
        let small = u8::try_from(value).unwrap_or(u8::MAX);
        match part {
            Part::Year => self.year = i32::try_from(value).unwrap_or(i32::MAX),
            Part::Month => self.month = small,
            Part::Day => self.day = small,
            Part::Hour => self.time.get_or_insert((0, 0, 0)).0 = small,
            Part::Minute => self.time.get_or_insert((0, 0, 0)).1 = small,
            Part::Second => self.time.get_or_insert((0, 0, 0)).2 = small,
            Part::Literal(_) => {}
        }
    }

    fn build(&self) -> Result<(Date, Option<Time>), String> {
        let month =
            Month::try_from(self.month).map_err(|_| format!("there is no month {}", self.month))?;
        let date = Date::from_calendar_date(self.year, month, self.day)
            .map_err(|_| format!("{month} {} has no day {}", self.year, self.day))?;
        let time = match self.time {
            Some((hour, minute, second)) => Some(
                Time::from_hms(hour, minute, second)
                    .map_err(|_| format!("{hour:02}:{minute:02}:{second:02} is not a time"))?,
            ),
            None => None,
        };
        Ok((date, time))
    }
}

/// `YYYY-MM-DD`, optionally with ` HH:MM`, ` HH:MM:SS` or `T` in place of the space.
fn iso(text: &str) -> Option<Fields> {
    let (year, rest) = digits(text, 4, 4)?;
    let (month, rest) = digits(rest.strip_prefix('-')?, 2, 2)?;
    let (day, rest) = digits(rest.strip_prefix('-')?, 2, 2)?;
    let mut fields = Fields::default();
    fields.set(Part::Year, year);
    fields.set(Part::Month, month);
    fields.set(Part::Day, day);
    if !rest.is_empty() {
        let time = rest.strip_prefix([' ', 'T'])?;
        read_time(time, &mut fields)?;
    }
    Some(fields)
}

/// `HH:MM` or `HH:MM:SS`, the hour with one digit or two.
fn read_time(text: &str, fields: &mut Fields) -> Option<()> {
    let (hour, rest) = digits(text, 1, 2)?;
    let (minute, rest) = digits(rest.strip_prefix(':')?, 2, 2)?;
    let (second, rest) = match rest.strip_prefix(':') {
        Some(rest) => digits(rest, 2, 2)?,
        None => (0, rest),
    };
    if !rest.is_empty() {
        return None;
    }
    fields.set(Part::Hour, hour);
    fields.set(Part::Minute, minute);
    fields.set(Part::Second, second);
    Some(())
}

/// Between `min` and `max` ASCII digits at the start of `text`, and what follows them.
fn digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let count = text
        .bytes()
        .take(max + 1)
        .take_while(u8::is_ascii_digit)
        .count();
    if count < min || count > max {
        return None;
    }
    let value = text[..count].parse().ok()?;
    Some((value, &text[count..]))
}

/// `03/04/26`, `3-4-26`: a date whose last number has two digits.
fn is_two_digit_year(text: &str) -> bool {
    let date = text.split(' ').next().unwrap_or(text);
    let numbers: Vec<&str> = date.split(['/', '-', '.']).collect();
    numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && numbers.iter().all(|n| n.len() <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_dates_with_and_without_times() {
        let uk = DateFormat::uk();
        for (text, wire) in [
            ("31/01/2026", "2026-01-31"),
            ("1/2/2026", "2026-02-01"),
            (" 29/02/2024 ", "2024-02-29"),
            ("31/01/2026 13:13", "2026-01-31 13:13:00"),
            ("31/01/2026 9:05:59", "2026-01-31 09:05:59"),
            ("2026-01-31", "2026-01-31"),
            ("2022-01-01 13:13", "2022-01-01 13:13:00"),
            ("2022-01-01T13:13:14", "2022-01-01 13:13:14"),
        ] {
            assert_eq!(uk.normalise(text).as_deref(), Ok(wire), "{text}");
        }
    }

    #[test]
    fn impossible_and_ambiguous_dates_name_the_format() {
        let uk = DateFormat::uk();
        for (text, why) in [
            ("31/02/2026", "February 2026 has no day 31"),
            ("29/02/2025", "February 2025 has no day 29"),
            ("01/13/2026", "no month 13"),
            ("03/04/26", "two-digit year"),
            ("31/01/2026 25:00", "25:00:00 is not a time"),
            ("2026-02-30", "February 2026 has no day 30"),
            ("next Tuesday", "is not a date"),
            ("31/01/2026 9", "is not a date"),
            ("31/01/20266", "is not a date"),
            ("", "is not a date"),
        ] {
            let err = uk.normalise(text).unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
            assert!(
                err.contains("expected DD/MM/YYYY (optionally with HH:MM)"),
                "{err}"
            );
        }
    }

    #[test]
    fn other_patterns() -> Result<(), String> {
        let us = DateFormat::parse("MM/DD/YYYY HH:MM")?;
        assert_eq!(
            us.normalise("12/31/2025 23:59").as_deref(),
            Ok("2025-12-31 23:59:00")
        );
        assert!(us.normalise("12/31/2025").is_err());
        assert_eq!(us.expected(), "MM/DD/YYYY HH:MM");
        let dotted = DateFormat::parse("DD.MM.YYYY")?;
        assert_eq!(dotted.normalise("5.11.2025").as_deref(), Ok("2025-11-05"));
        for bad in [
            "DD/MM/YY",
            "DD/MM",
            "DD/MM/YYYY HH",
            "DD/DD/YYYY",
            "DD/MM/YYYY Q",
        ] {
            assert!(DateFormat::parse(bad).is_err(), "{bad}");
        }
        Ok(())
    }
}
