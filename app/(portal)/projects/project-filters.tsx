import Form from 'next/form';
import Link from 'next/link';
import { CLASSIFICATION, LIFECYCLE } from '@/components/projects/labels';
import { Button, buttonClass } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { SearchIcon } from '@/components/ui/icons';
import { CLASSIFICATIONS, LIFECYCLES, type TProjectListQuery } from '@/lib/inventory/schema';
import { MAX_SEARCH_LENGTH } from '@/lib/api/pagination';

const SORTS: { value: TProjectListQuery['sort']; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'code', label: 'Code' },
  { value: 'lifecycle', label: 'Lifecycle stage' },
  { value: 'createdAt', label: 'Newest first' },
];

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
      <div className="relative sm:col-span-2 2xl:col-span-1">
        <Field id="project-q" label="Search" compact>
          <Input
            name="q"
            type="search"
            defaultValue={query.q ?? ''}
            maxLength={MAX_SEARCH_LENGTH}
            placeholder="Name or code"
            className="w-full pl-9"
          />
        </Field>
        <SearchIcon className="pointer-events-none absolute bottom-2.5 left-3 size-4 text-slate-500" />
      </div>
      <Field id="project-lifecycle" label="Lifecycle" compact>
        <Select name="lifecycle" defaultValue={query.lifecycle ?? ''} className="w-full">
          <option value="">All stages</option>
          {LIFECYCLES.map((l) => (
            <option key={l} value={l}>
              {LIFECYCLE[l].label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="project-implementation" label="Implementation" compact>
        <Select name="implementation" defaultValue={query.implementation ?? ''} className="w-full">
          <option value="">All implementations</option>
          {implementations.map((i) => (
            <option key={i.code} value={i.code}>
              {i.name} ({i.code})
            </option>
          ))}
        </Select>
      </Field>
      <Field id="project-classification" label="Classification" compact>
        <Select name="classification" defaultValue={query.classification ?? ''} className="w-full">
          <option value="">All classifications</option>
          {CLASSIFICATIONS.map((c) => (
            <option key={c} value={c}>
              {CLASSIFICATION[c].label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="project-sort" label="Sort by" compact>
        <Select name="sort" defaultValue={query.sort} className="w-full">
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </Select>
      </Field>
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
