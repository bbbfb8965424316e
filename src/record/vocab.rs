//! Closed vocabularies of the records: what a dossier count measures, how
//! precise a date is, where in the document an item sits, what a warning
//! is about. Serialised as `snake_case` strings; the JSON Schema lists them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a dossier (hồ sơ) count measures (CONVENTIONS.md §6).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Received (tiếp nhận), all channels together.
    Received,
    /// Received at the one-stop desk in person (trực tiếp).
    ReceivedDirect,
    /// Received online (trực tuyến), full and partial together.
    ReceivedOnline,
    /// Received through a fully online service (trực tuyến toàn trình).
    ReceivedOnlineFull,
    /// Received through a partly online service (trực tuyến một phần).
    ReceivedOnlinePartial,
    /// Received by post (bưu chính công ích).
    ReceivedPostal,
    /// Resolved (đã giải quyết), on time or not.
    Resolved,
    /// Resolved on time or early (đúng hạn, trước hạn).
    ResolvedOnTime,
    /// Resolved late (quá hạn, trễ hạn).
    ResolvedOverdue,
    /// Still being processed (đang giải quyết).
    InProgress,
    /// Still being processed and already past its deadline.
    InProgressOverdue,
    /// Carried over from the previous period (kỳ trước chuyển sang).
    CarriedOver,
    /// Waiting for the applicant to complete it (chờ bổ sung).
    PendingSupplement,
    /// Returned or withdrawn (trả lại, rút hồ sơ).
    ReturnedWithdrawn,
    /// Paid online (thanh toán trực tuyến).
    OnlinePayment,
    /// A dossier count of another kind.
    Other,
}

impl Metric {
    /// Every metric, in the order of CONVENTIONS.md.
    pub const ALL: [Metric; 16] = [
        Metric::Received,
        Metric::ReceivedDirect,
        Metric::ReceivedOnline,
        Metric::ReceivedOnlineFull,
        Metric::ReceivedOnlinePartial,
        Metric::ReceivedPostal,
        Metric::Resolved,
        Metric::ResolvedOnTime,
        Metric::ResolvedOverdue,
        Metric::InProgress,
        Metric::InProgressOverdue,
        Metric::CarriedOver,
        Metric::PendingSupplement,
        Metric::ReturnedWithdrawn,
        Metric::OnlinePayment,
        Metric::Other,
    ];

    /// The name used in JSON and CSV (`resolved_on_time`).
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Received => "received",
            Metric::ReceivedDirect => "received_direct",
            Metric::ReceivedOnline => "received_online",
            Metric::ReceivedOnlineFull => "received_online_full",
            Metric::ReceivedOnlinePartial => "received_online_partial",
            Metric::ReceivedPostal => "received_postal",
            Metric::Resolved => "resolved",
            Metric::ResolvedOnTime => "resolved_on_time",
            Metric::ResolvedOverdue => "resolved_overdue",
            Metric::InProgress => "in_progress",
            Metric::InProgressOverdue => "in_progress_overdue",
            Metric::CarriedOver => "carried_over",
            Metric::PendingSupplement => "pending_supplement",
            Metric::ReturnedWithdrawn => "returned_withdrawn",
            Metric::OnlinePayment => "online_payment",
            Metric::Other => "other",
        }
    }

    /// The metric named `name` (as [`Metric::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// True for the `received*` family (a total and its channels).
    pub fn is_received(self) -> bool {
        matches!(
            self,
            Metric::Received
                | Metric::ReceivedDirect
                | Metric::ReceivedOnline
                | Metric::ReceivedOnlineFull
                | Metric::ReceivedOnlinePartial
                | Metric::ReceivedPostal
        )
    }
}

impl std::fmt::Display for Metric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How precise a date value is (CONVENTIONS.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-Qn`.
    Quarter,
    /// `YYYY-H1` or `YYYY-H2`.
    Half,
    /// `YYYY`.
    Year,
    /// `YYYY/YYYY`, a span of years.
    Range,
}

impl Granularity {
    /// Every granularity, finest first.
    pub const ALL: [Granularity; 6] = [
        Granularity::Day,
        Granularity::Month,
        Granularity::Quarter,
        Granularity::Half,
        Granularity::Year,
        Granularity::Range,
    ];

    /// The granularity named `name`.
    pub fn from_name(name: &str) -> Option<Granularity> {
        Granularity::ALL.into_iter().find(|g| g.as_str() == name)
    }

    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Half => "half",
            Granularity::Year => "year",
            Granularity::Range => "range",
        }
    }
}

impl std::fmt::Display for Granularity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the document an item sits (CONVENTIONS.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// The number / place / date block at the top.
    Header,
    /// The subject line(s) after the type word.
    Title,
    /// The running text.
    #[default]
    Body,
    /// After the signature (annexes, forms, tables).
    Appendix,
}

impl Zone {
    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Header => "header",
            Zone::Title => "title",
            Zone::Body => "body",
            Zone::Appendix => "appendix",
        }
    }
}

/// What a warning is about (CONVENTIONS.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// Parts that do not add up to their total, or a part larger than its total.
    InconsistentTotals,
    /// A percentage that does not match the counts it is computed from.
    InconsistentPercent,
    /// A date that cannot exist (`31/02/2024`).
    InvalidDate,
    /// The same document cited with different numbers or dates.
    InconsistentReference,
}

impl WarningKind {
    /// Every kind.
    pub const ALL: [WarningKind; 4] = [
        WarningKind::InconsistentTotals,
        WarningKind::InconsistentPercent,
        WarningKind::InvalidDate,
        WarningKind::InconsistentReference,
    ];

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<WarningKind> {
        WarningKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::InconsistentTotals => "inconsistent_totals",
            WarningKind::InconsistentPercent => "inconsistent_percent",
            WarningKind::InvalidDate => "invalid_date",
            WarningKind::InconsistentReference => "inconsistent_reference",
        }
    }
}
