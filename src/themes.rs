//! The eleven complaint themes of `annotation-guidelines.md`, shared by every stage.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One complaint theme; the serialised name is the tag used in gold files and outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    StaffConduct,
    Communication,
    Sensitivity,
    Confidentiality,
    Decisions,
    ServiceQuality,
    Delay,
    Finance,
    Procedure,
    Staffing,
    Discrimination,
}

impl Theme {
    /// Every theme in the fixed order used for score vectors and table columns.
    pub const ALL: [Theme; 11] = [
        Theme::StaffConduct,
        Theme::Communication,
        Theme::Sensitivity,
        Theme::Confidentiality,
        Theme::Decisions,
        Theme::ServiceQuality,
        Theme::Delay,
        Theme::Finance,
        Theme::Procedure,
        Theme::Staffing,
        Theme::Discrimination,
    ];

    /// The tag as written in files (`staff_conduct`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Theme::StaffConduct => "staff_conduct",
            Theme::Communication => "communication",
            Theme::Sensitivity => "sensitivity",
            Theme::Confidentiality => "confidentiality",
            Theme::Decisions => "decisions",
            Theme::ServiceQuality => "service_quality",
            Theme::Delay => "delay",
            Theme::Finance => "finance",
            Theme::Procedure => "procedure",
            Theme::Staffing => "staffing",
            Theme::Discrimination => "discrimination",
        }
    }

    /// Position of this theme in [`Theme::ALL`], the column index of score matrices.
    pub fn index(self) -> usize {
        Theme::ALL.iter().position(|t| *t == self).expect("every theme is in ALL")
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error for a tag that is not one of the eleven themes.
#[derive(Debug, thiserror::Error)]
#[error("unknown theme {0:?} (expected one of: {list})", list = Theme::ALL.map(|t| t.name()).join(", "))]
pub struct UnknownTheme(pub String);

impl FromStr for Theme {
    type Err = UnknownTheme;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Theme::ALL
            .into_iter()
            .find(|t| t.name() == s.trim())
            .ok_or_else(|| UnknownTheme(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_from_str() {
        for t in Theme::ALL {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.name()));
            assert_eq!(t.name().parse::<Theme>().unwrap(), t);
            assert_eq!(Theme::ALL[t.index()], t);
        }
        assert!("delays".parse::<Theme>().is_err());
    }
}
