/** The portal's mark: a model (hexagon) inside a governance ring. Decorative. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className ?? 'size-8'}>
      <rect width="32" height="32" rx="8" fill="#0f6cbd" />
      <path d="m16 7 7.5 4.3v8.6L16 24.2l-7.5-4.3v-8.6z" fill="none" stroke="#fff" strokeWidth="1.8" strokeLinejoin="round" />
      <path d="m8.5 11.3 7.5 4.3 7.5-4.3M16 15.6v8.6" fill="none" stroke="#b4d3f2" strokeWidth="1.8" strokeLinejoin="round" />
    </svg>
  );
}
