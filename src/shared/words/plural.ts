/** `1 fix`, `3 fixes`: a count and its noun (the guide, the pages). */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
