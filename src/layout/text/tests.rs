//! Line breaking on synthetic pieces (no fonts): the 孤字 pull-back gives
//! the breaks of the plain algorithm it replaced, in linear time.

use super::*;
use crate::fonts::FaceId;

/// One grid cell (156/28 mm).
const CELL: Mm = Mm(156.0 / 28.0);

fn pieces(text: &str) -> Vec<Piece> {
    text.chars()
        .map(|ch| Piece {
            ch,
            glyph: GlyphInfo {
                face: FaceId(0),
                glyph: 0,
                advance_em: 1.0,
            },
            role: Role::FangSong,
            width: if is_full_width(ch) { CELL } else { CELL / 2.0 },
            inset: Mm(0.0),
        })
        .collect()
}

/// Breaks as (start, end) unit ranges.
fn spans(breaks: &[Break]) -> Vec<(usize, usize)> {
    breaks.iter().map(|b| (b.start, b.end)).collect()
}

fn breaker(pieces: &[Piece]) -> Breaker<'_> {
    Breaker {
        pieces,
        units: units(pieces),
        first: CELL * 26.0,
        rest: CELL * 28.0,
        squeeze: true,
    }
}

/// The pull-back as first written: every line back, re-broken to the end.
fn naive_pull_back(b: &Breaker<'_>, breaks: &mut Vec<Break>) {
    let count = breaks.len();
    if count < 2 || !breaks.last().is_some_and(|l| b.is_orphan(l)) {
        return;
    }
    for from in (0..count - 1).rev() {
        let tail = b.run(breaks[from].start, from, true);
        if from + tail.len() < count {
            breaks.truncate(from);
            breaks.extend(tail);
            return;
        }
    }
}

/// A paragraph of `n` characters, marks mixed in as `seed` decides.
fn paragraph(n: usize, seed: u64) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let marks = ['，', '。', '、', '“', '”', '（', '）', '《', '》'];
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let roll = (state >> 33) % 100;
            if roll < 12 {
                marks[(roll % marks.len() as u64) as usize]
            } else {
                '天'
            }
        })
        .collect()
}

#[test]
fn orphan_pull_back_matches_the_plain_algorithm() {
    let mut pulled = 0;
    for seed in 0..400u64 {
        // Lengths around whole lines, so the last line is often one
        // character: 26 + 28k + 1.
        let n = 26 + 28 * (1 + seed as usize % 12) + 1 + (seed as usize / 12) % 3;
        let text = paragraph(n, seed);
        let pieces = pieces(&text);
        let b = breaker(&pieces);
        let plain = b.run(0, 0, false);
        let mut fast = plain.clone();
        b.pull_back_orphan(&mut fast);
        let mut naive = plain.clone();
        naive_pull_back(&b, &mut naive);
        assert_eq!(spans(&fast), spans(&naive), "seed {seed}: {text}");
        if naive.len() < plain.len() {
            pulled += 1;
        }
    }
    // The cases exercise the pull-back, not only its early return.
    assert!(pulled > 20, "only {pulled} paragraphs lost their last line");
}

#[test]
fn a_long_paragraph_without_marks_keeps_its_lone_last_character_quickly() {
    // 3,000 lines and a 孤字 that nothing can pull back: each line used to
    // be re-broken from every line before it (minutes); now once.
    let text = "天".repeat(26 + 28 * 3000 + 1);
    let pieces = pieces(&text);
    let start = std::time::Instant::now();
    let lines = break_lines(&pieces, CELL * 26.0, CELL * 28.0, true);
    assert_eq!(lines.len(), 3002);
    assert_eq!(lines.last().map(|l| l.placed.len()), Some(1));
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
}

#[test]
fn a_word_longer_than_the_line_breaks_at_the_measure() {
    let text = format!("天地{}玄黄", "a".repeat(200));
    let pieces = pieces(&text);
    let lines = break_lines(&pieces, CELL * 26.0, CELL * 28.0, true);
    for (n, line) in lines.iter().enumerate() {
        let measure = if n == 0 { CELL * 26.0 } else { CELL * 28.0 };
        assert!(
            line.width.0 <= measure.0 + EPS,
            "line {n}: {:?}",
            line.width
        );
    }
    // 2 + 200/2 cells + 2 = 104 cells: four lines.
    assert_eq!(lines.len(), 4);
}
