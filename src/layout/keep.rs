//! Page breaks inside a paragraph on the fixed grid: widow and orphan
//! control. The pitch of body pages never changes, so the only remedy is to
//! move lines to the next page and leave grid lines empty at the foot.

/// The line indices of a paragraph of `n` lines that start a new page
/// (0 = the whole paragraph goes to the next page).
///
/// `room` lines fit on the current page, `capacity` on a fresh one; the
/// first `head` lines (at least 2 for a paragraph of 2+ lines: no orphan)
/// stay together at the foot of a page. A page that already holds lines
/// (`movable`) can give up its foot; otherwise nothing is gained by moving,
/// and the lines fall as they fit.
pub(super) fn page_breaks(
    n: usize,
    room: usize,
    capacity: usize,
    head: usize,
    movable: bool,
) -> Vec<usize> {
    if n <= room || capacity == 0 {
        return Vec::new();
    }
    let head = head.clamp(1, n);
    let mut chunks = vec![room];
    if room < head && movable {
        // Orphan: the first line(s) alone at the foot go down with the rest.
        chunks[0] = 0;
    }
    let mut left = n - chunks[0];
    while left > 0 {
        let chunk = left.min(capacity);
        chunks.push(chunk);
        left -= chunk;
    }
    let last = chunks.len() - 1;
    if chunks[last] == 1 && capacity >= 2 {
        // Widow: one line alone at the top of a page. The page before
        // gives one more line when it keeps two (or its head); a first
        // page that cannot gives up the whole paragraph instead.
        let before = last - 1;
        let keep = if before == 0 { head.max(2) } else { 2 };
        if chunks[before] > keep {
            chunks[before] -= 1;
            chunks[last] += 1;
        } else if before == 0 && movable && chunks[0] > 0 && chunks[0] < capacity {
            chunks[1] += chunks[0];
            chunks[0] = 0;
            // A paragraph longer than a page re-splits after the move.
            return page_breaks(n, 0, capacity, head, movable);
        }
    }
    let mut breaks = Vec::new();
    let mut at = 0;
    for chunk in &chunks[..last] {
        at += chunk;
        breaks.push(at);
    }
    breaks.dedup();
    breaks
}

#[cfg(test)]
mod tests {
    use super::page_breaks;

    #[test]
    fn fits_whole() {
        assert_eq!(page_breaks(3, 3, 22, 2, true), Vec::<usize>::new());
    }

    #[test]
    fn orphan_goes_down() {
        assert_eq!(page_breaks(3, 1, 22, 2, true), vec![0]);
        // Nothing above it on the page: nothing to gain.
        assert_eq!(page_breaks(30, 1, 22, 2, false), vec![1, 23]);
    }

    #[test]
    fn widow_pulls_a_line_along() {
        assert_eq!(page_breaks(4, 3, 22, 2, true), vec![2]);
        // Two at the foot and one at the top: the whole paragraph moves.
        assert_eq!(page_breaks(3, 2, 22, 2, true), vec![0]);
        // A full middle page gives its last line to the widow.
        assert_eq!(page_breaks(27, 4, 22, 2, true), vec![4, 25]);
        assert_eq!(page_breaks(27, 5, 22, 2, true), vec![5]);
    }

    #[test]
    fn a_run_in_head_keeps_its_lines() {
        assert_eq!(page_breaks(5, 2, 22, 3, true), vec![0]);
        assert_eq!(page_breaks(5, 3, 22, 3, true), vec![3]);
        assert_eq!(page_breaks(4, 3, 22, 3, true), vec![0]);
    }
}
