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
  const selects = [
    {
      name: 'lifecycle',
      label: 'Lifecycle',
      value: query.lifecycle ?? '',
      any: 'All stages',
      options: LIFECYCLES.map((l) => ({ value: l, label: LIFECYCLE[l].label })),
    },
    {
      name: 'implementation',
      label: 'Implementation',
      value: query.implementation ?? '',
      any: 'All implementations',
      options: implementations.map((i) => ({ value: i.code, label: `${i.name} (${i.code})` })),
    },
    {
      name: 'classification',
      label: 'Classification',
      value: query.classification ?? '',
      any: 'All classifications',
      options: CLASSIFICATIONS.map((c) => ({ value: c, label: CLASSIFICATION[c].label })),
    },
    { name: 'sort', label: 'Sort by', value: query.sort, any: undefined, options: SORTS },
  ];
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
      {selects.map((f) => (
        <Field key={f.name} id={`project-${f.name}`} label={f.label} compact>
          <Select name={f.name} defaultValue={f.value} className="w-full">
            {f.any && <option value="">{f.any}</option>}
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
      ))}
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
