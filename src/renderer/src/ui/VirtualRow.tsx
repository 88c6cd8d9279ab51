// One drawn row of a virtualised list: placed where the list says, and
// measured once drawn, so a row that grows (an opened issue) pushes the rest.
import type { VirtualItem, Virtualizer } from '@tanstack/react-virtual';

export function VirtualRow({
  item,
  virtualizer,
  className,
  children,
}: {
  item: VirtualItem;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  className?: string;
  children: React.ReactNode;
}): React.JSX.Element {
  return (
    <div
      data-index={item.index}
      // A callback ref TanStack Virtual hands out, not a ref object read during render.
      // eslint-disable-next-line react-hooks/refs
      ref={virtualizer.measureElement}
      className={className}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
    >
      {children}
    </div>
  );
}
