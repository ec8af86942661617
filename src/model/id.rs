//! A chapter's place in the book, as a type: stages and `serve` refer to chapters by
//! [`ChapterId`] and keep per-chapter results in a [`PerChapter`], never by a bare number
//! into one of several vectors that must be kept in step.

use std::ops::{Index, IndexMut};

use super::Chapter;

/// Which chapter: its position in [`super::Book::chapters`] (SUMMARY.md order, drafts
/// included). Not to be confused with a chapter's stable `id:` string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChapterId(u32);

impl ChapterId {
    /// The chapter at position `i`.
    pub fn at(i: usize) -> ChapterId {
        ChapterId(u32::try_from(i).expect("fewer than 4 billion chapters"))
    }

    /// The position, for indexing.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl Index<ChapterId> for [Chapter] {
    type Output = Chapter;
    fn index(&self, id: ChapterId) -> &Chapter {
        &self[id.index()]
    }
}

impl Index<ChapterId> for Vec<Chapter> {
    type Output = Chapter;
    fn index(&self, id: ChapterId) -> &Chapter {
        &self[id.index()]
    }
}

impl IndexMut<ChapterId> for Vec<Chapter> {
    fn index_mut(&mut self, id: ChapterId) -> &mut Chapter {
        &mut self[id.index()]
    }
}

/// One value per chapter of a book, indexed by [`ChapterId`].
#[derive(Debug, Clone, Default)]
pub struct PerChapter<T>(Vec<T>);

impl<T> PerChapter<T> {
    /// `n` values made by `f` from each chapter's id.
    pub fn from_fn(n: usize, f: impl FnMut(ChapterId) -> T) -> PerChapter<T> {
        PerChapter((0..n).map(ChapterId::at).map(f).collect())
    }

    /// Each chapter's id with its value.
    pub fn iter(&self) -> impl Iterator<Item = (ChapterId, &T)> {
        self.0
            .iter()
            .enumerate()
            .map(|(i, v)| (ChapterId::at(i), v))
    }

    /// The values, in chapter order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }

    /// Mutable values, in chapter order.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.0.iter_mut()
    }

    /// How many chapters.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for a book without chapters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T> PerChapter<Option<T>> {
    /// The chapters that have a value, in order.
    pub fn present(&self) -> Vec<ChapterId> {
        self.iter()
            .filter(|(_, v)| v.is_some())
            .map(|(i, _)| i)
            .collect()
    }
}

impl<T> FromIterator<T> for PerChapter<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        PerChapter(iter.into_iter().collect())
    }
}

impl<T> Index<ChapterId> for PerChapter<T> {
    type Output = T;
    fn index(&self, id: ChapterId) -> &T {
        &self.0[id.index()]
    }
}

impl<T> IndexMut<ChapterId> for PerChapter<T> {
    fn index_mut(&mut self, id: ChapterId) -> &mut T {
        &mut self.0[id.index()]
    }
}
