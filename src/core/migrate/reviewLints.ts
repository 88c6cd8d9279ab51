// Edition lints whose fix can change what the code does, not only how it is
// written: each hunk needs a reader. They are never accepted in bulk unless
// named in --accept. The one list; each entry says why.

export const REVIEW_LINTS: Readonly<Record<string, string>> = {
  tail_expr_drop_order: 'temporaries in a block\'s tail expression are dropped earlier in 2024: locks and guards release sooner',
  if_let_rescope: 'the rewrite to `match` keeps 2021\'s drop order, but the scrutinee\'s temporaries now live through the else branch (oxidecomputer/omicron#9348 reverted them)',
  rust_2021_incompatible_closure_captures: 'closures capture fields, not whole variables, in 2021: the `let _ = &x;` added keeps the old drop order, which may not be wanted',
  edition_2024_expr_fragment_specifier: '`$e:expr` also matches `const { .. }` and `_` in 2024: `expr_2021` keeps the old matching, which a macro may not need',
  impl_trait_overcaptures: 'return-position `impl Trait` captures every lifetime in scope in 2024: the `use<..>` bound added narrows what callers may do',
  rust_2021_prelude_collisions: 'new prelude traits (TryFrom, TryInto, FromIterator) change which method a call resolves to; the fix pins the old one',
  never_type_fallback_flowing_into_unsafe: 'the never type falls back to `!` in 2024, not `()`: unsafe code given it can change behaviour',
  dependency_on_unit_never_type_fallback: 'the never type falls back to `!` in 2024, not `()`: the annotation added pins `()`',
  boxed_slice_into_iter: '`into_iter()` on a boxed slice yields values in 2024, not references: the fix keeps references',
  array_into_iter: '`into_iter()` on an array yields values in 2021, not references: the fix keeps references',
};

/** Why `lint`'s fixes need review, or null when they are mechanical. */
export function reviewReason(lint: string): string | null {
  return REVIEW_LINTS[lint] ?? null;
}
