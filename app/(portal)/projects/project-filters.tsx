import Form from 'next/form';
import Link from 'next/link';
import { CLASSIFICATION, LIFECYCLE } from '@/components/projects/labels';
import { Button, buttonClass } from '@/components/ui/button';
import { SearchIcon } from '@/components/ui/icons';
import { CLASSIFICATIONS, LIFECYCLES, type TProjectListQuery } from '@/lib/inventory/schema';
import { MAX_SEARCH_LENGTH } from '@/lib/api/pagination';

const SORTS: { value: TProjectListQuery['sort']; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'code', label: 'Code' },
  { value: 'lifecycle', label: 'Lifecycle stage' },
  { value: 'createdAt', label: 'Newest first' },
];

const field = 'h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-xs hover:border-slate-400';
const label = 'mb-1 block text-xs font-medium text-slate-700';

/** A GET form: filtering works without JavaScript, and every result list has a shareable address. */
export function ProjectFilters({
  query,
  defaultPageSize,
  implementations,
}: {
  query: TProjectListQuery;
  defaultPageSize: number;
  implementations: { code: string; name: string }[];
}) {
  const filtered = Boolean(query.q || query.lifecycle || query.implementation || query.classification);
  return (
    <Form
      action="/projects"
      role="search"
      aria-label="Filter projects"
      // Remount when the address changes, so the fields show what the list shows.
      key={JSON.stringify(query)}
      className="grid grid-cols-1 gap-3 border-b border-slate-200 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4 2xl:grid-cols-[minmax(0,1.4fr)_repeat(4,minmax(0,1fr))_auto]"
    >
      <div className="sm:col-span-2 2xl:col-span-1">
        <label htmlFor="project-q" className={label}>
          Search
        </label>
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500" />
          <input
            id="project-q"
            name="q"
            type="search"
            defaultValue={query.q ?? ''}
            maxLength={MAX_SEARCH_LENGTH}
            placeholder="Name or code"
            className={`${field} pl-9`}
          />
        </div>
      </div>
      <div>
        <label htmlFor="project-lifecycle" className={label}>
          Lifecycle
        </label>
        <select id="project-lifecycle" name="lifecycle" defaultValue={query.lifecycle ?? ''} className={field}>
          <option value="">All stages</option>
          {LIFECYCLES.map((l) => (
            <option key={l} value={l}>
              {LIFECYCLE[l].label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="project-implementation" className={label}>
          Implementation
        </label>
        <select id="project-implementation" name="implementation" defaultValue={query.implementation ?? ''} className={field}>
          <option value="">All implementations</option>
          {implementations.map((i) => (
            <option key={i.code} value={i.code}>
              {i.name} ({i.code})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="project-classification" className={label}>
          Classification
        </label>
        <select id="project-classification" name="classification" defaultValue={query.classification ?? ''} className={field}>
          <option value="">All classifications</option>
          {CLASSIFICATIONS.map((c) => (
            <option key={c} value={c}>
              {CLASSIFICATION[c].label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="project-sort" className={label}>
          Sort by
        </label>
        <select id="project-sort" name="sort" defaultValue={query.sort} className={field}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      {query.pageSize !== defaultPageSize && <input type="hidden" name="pageSize" value={query.pageSize} />}
      <div className="flex items-end gap-2">
        <Button type="submit">Apply</Button>
        {filtered && (
          <Link href="/projects" className={buttonClass({ variant: 'ghost' })}>
            Clear
          </Link>
        )}
      </div>
    </Form>
  );
}
