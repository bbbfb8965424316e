//! The names of the pipeline's option values, as the command line and the
//! Python package spell them (`--input-kind plain`, `tone_style="new"`).

use crate::repair::engine::InputKind;
use crate::syllable::ToneStyle;
use std::str::FromStr;

/// A value name that is not one of the option's names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not one of: {}", names.join(", "))]
pub struct UnknownName {
    /// What was given.
    pub value: String,
    /// What would have been accepted.
    pub names: &'static [&'static str],
}

impl InputKind {
    /// Every name, in the order help lists them.
    pub const NAMES: &'static [&'static str] = &["auto", "ocr", "plain", "clean"];

    /// The name of this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Auto => "auto",
            InputKind::Ocr => "ocr",
            InputKind::Plain => "plain",
            InputKind::Clean => "clean",
        }
    }
}

impl FromStr for InputKind {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            InputKind::Auto,
            InputKind::Ocr,
            InputKind::Plain,
            InputKind::Clean,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| UnknownName {
            value: s.to_string(),
            names: InputKind::NAMES,
        })
    }
}

impl ToneStyle {
    /// Every name, in the order help lists them.
    pub const NAMES: &'static [&'static str] = &["old", "new"];

    /// The name of this style.
    pub fn as_str(self) -> &'static str {
        match self {
            ToneStyle::Old => "old",
            ToneStyle::New => "new",
        }
    }
}

impl FromStr for ToneStyle {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "old" => Ok(ToneStyle::Old),
            "new" => Ok(ToneStyle::New),
            _ => Err(UnknownName {
                value: s.to_string(),
                names: ToneStyle::NAMES,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for n in InputKind::NAMES {
            assert_eq!(n.parse::<InputKind>().map(InputKind::as_str), Ok(*n));
        }
        for n in ToneStyle::NAMES {
            assert_eq!(n.parse::<ToneStyle>().map(ToneStyle::as_str), Ok(*n));
        }
        assert!("yaml".parse::<InputKind>().is_err());
    }
}
