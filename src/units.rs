//! Lengths with their unit in the type: millimetres for layout, points for
//! font sizes. 1 pt = 25.4/72 mm.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Millimetres.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Mm(pub f32);

/// PostScript points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Pt(pub f32);

const MM_PER_PT: f32 = 25.4 / 72.0;

impl Pt {
    pub fn to_mm(self) -> Mm {
        Mm(self.0 * MM_PER_PT)
    }
}

impl Mm {
    pub fn to_pt(self) -> Pt {
        Pt(self.0 / MM_PER_PT)
    }

    pub fn max(self, other: Mm) -> Mm {
        Mm(self.0.max(other.0))
    }

    pub fn min(self, other: Mm) -> Mm {
        Mm(self.0.min(other.0))
    }
}

impl Add for Mm {
    type Output = Mm;
    fn add(self, rhs: Mm) -> Mm {
        Mm(self.0 + rhs.0)
    }
}

impl Sub for Mm {
    type Output = Mm;
    fn sub(self, rhs: Mm) -> Mm {
        Mm(self.0 - rhs.0)
    }
}

impl AddAssign for Mm {
    fn add_assign(&mut self, rhs: Mm) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Mm {
    fn sub_assign(&mut self, rhs: Mm) {
        self.0 -= rhs.0;
    }
}

impl Mul<f32> for Mm {
    type Output = Mm;
    fn mul(self, rhs: f32) -> Mm {
        Mm(self.0 * rhs)
    }
}

impl Div<f32> for Mm {
    type Output = Mm;
    fn div(self, rhs: f32) -> Mm {
        Mm(self.0 / rhs)
    }
}

impl Div for Mm {
    type Output = f32;
    fn div(self, rhs: Mm) -> f32 {
        self.0 / rhs.0
    }
}

impl Neg for Mm {
    type Output = Mm;
    fn neg(self) -> Mm {
        Mm(-self.0)
    }
}

impl std::iter::Sum for Mm {
    fn sum<I: Iterator<Item = Mm>>(iter: I) -> Mm {
        Mm(iter.map(|m| m.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_and_millimetres_convert_both_ways() {
        assert!((Pt(72.0).to_mm().0 - 25.4).abs() < 1e-4);
        assert!((Mm(210.0).to_pt().0 - 595.2756).abs() < 1e-3);
    }
}
