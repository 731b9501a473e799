//! The feedback kiosk: a full-screen page a customer answers on, left only
//! with the staff PIN. The PIN keeps customers out of the rest of the app at
//! the counter; it is not a password (4–8 digits, kept in the book's
//! settings).

use carebook_core::FieldChange;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Api, ApiError, Result};

const PIN_KEY: &str = "kiosk_pin";

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KioskStatus {
    /// A staff PIN is set: the kiosk can be started.
    pub pin_set: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KioskPinSet {
    /// 4–8 digits.
    pub pin: String,
    /// The PIN set now, when there is one.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub current: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KioskPin {
    pub pin: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KioskUnlock {
    /// The PIN is right: the kiosk may close.
    pub ok: bool,
}

fn valid_pin(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

impl Api {
    pub fn kiosk_status(&self) -> Result<KioskStatus> {
        self.read(|tx| Ok(KioskStatus { pin_set: tx.setting(PIN_KEY)?.is_some_and(|p| !p.is_empty()) }))
    }

    /// Sets the staff PIN (the current one is needed to change it), audited without the digits.
    pub fn kiosk_pin_set(&self, args: KioskPinSet) -> Result<KioskStatus> {
        if !valid_pin(&args.pin) {
            return Err(ApiError::field("pin", "pin_invalid", "the PIN is 4 to 8 digits"));
        }
        self.write().transaction(|tx| {
            let current = tx.setting(PIN_KEY)?.filter(|p| !p.is_empty());
            if let Some(current) = &current
                && args.current.as_deref() != Some(current.as_str())
            {
                return Err(ApiError::field("current", "pin_wrong", "the current PIN is not right"));
            }
            tx.set_setting(PIN_KEY, &args.pin)?;
            let change = FieldChange {
                field: "kioskPin".into(),
                before: current.map(|_| "••••".to_owned()),
                after: Some("••••".to_owned()),
            };
            self.audit_shop_setting(tx, vec![change])
        })?;
        Ok(KioskStatus { pin_set: true })
    }

    /// Whether `pin` is the staff PIN (the kiosk closes only then).
    pub fn kiosk_unlock(&self, args: KioskPin) -> Result<KioskUnlock> {
        self.read(|tx| Ok(KioskUnlock { ok: tx.setting(PIN_KEY)?.is_some_and(|p| !p.is_empty() && p == args.pin) }))
    }
}
