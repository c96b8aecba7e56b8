import { useEffect, useState } from 'react';
import { RequestFailed } from '../../api/api-error';
import { request } from '../../api/client';
import type { EntryKind, LedgerPage } from '../../api/types';
import { useSnapshot } from '../../app/snapshot-store';
import { formatCount, formatSignedCredits, formatUsd } from '../../format/credits';
import { formatDateTime } from '../../format/time';
import { Empty } from '../../ui/Empty';
import { ExportButtons, runExport } from './ExportButtons';

const KINDS: EntryKind[] = ['purchase', 'refill', 'coupon', 'charge', 'refund', 'reversal', 'adjustment'];
const PAGE = 50;

/** The ledger, newest first: filter by type and date, search, keyset paging. */
export function TransactionsTable() {
  const version = useSnapshot((s) => s.version);
  const timeZone = useSnapshot((s) => s.snapshot?.timeZone);
  const [kind, setKind] = useState<EntryKind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [search, setSearch] = useState('');
  // Keyset paging: the cursors of the pages we came through, so "Newer" can go back.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [page, setPage] = useState<LedgerPage | null>(null);
  // Why no page can be shown for the filter as typed (shown by the fields, not toasted every refresh).
  const [problem, setProblem] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];
  // Dates as typed are YYYY-MM-DD: text order is day order.
  const backwards = from !== '' && to !== '' && from > to;
  // The date inputs' days go as typed: the engine reads them in the Settings
  // zone, the one the rows below are shown in (not the browser's).
  const range = { fromDate: from || undefined, toDate: to || undefined };

  useEffect(() => {
    setCursors([undefined]);
  }, [kind, from, to, search]);

  useEffect(() => {
    if (backwards) {
      setPage(null);
      setProblem('From is after To: no day is in that range.');
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      request(
        'ledger/page',
        { kinds: kind ? [kind] : undefined, ...range, search: search.trim() || undefined, limit: PAGE, beforeId: cursor },
        { inline: true },
      )
        .then((p) => {
          if (!live) return;
          setPage(p);
          setProblem(null);
        })
        .catch((err: unknown) => {
          // A refusal empties the table (the rows of the last filter would be wrong); other failures toast and keep it.
          if (!live || !(err instanceof RequestFailed)) return;
          setPage(null);
          setProblem(err.reason);
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [kind, from, to, search, cursor, version]);

  return (
    <div className="stack">
      <div className="row">
        <label className="inline">
          Type
          <select value={kind} onChange={(e) => setKind(e.target.value as EntryKind | '')} data-testid="tx-kind">
            <option value="">All</option>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label className="inline">
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="tx-from" />
        </label>
        <label className="inline">
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={backwards} data-testid="tx-to" />
        </label>
        <label className="inline">
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="description or reference" data-testid="tx-search" />
        </label>
      </div>
      {problem ? (
        <p className="field-error" role="alert" data-testid="tx-problem">
          {problem}
        </p>
      ) : null}
      <ExportButtons range={range} />
      {problem ? null : page && page.entries.length === 0 ? (
        <Empty>
          {cursors.length > 1 || kind || from || to || search ? 'No transactions match.' : 'Purchases, coupons and hourly charges will be listed here.'}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="tx-table">
            <thead>
              <tr>
                <th>Date</th>
                <th>Type</th>
                <th>Description</th>
                <th className="num">Credits</th>
                <th className="num">USD</th>
                <th className="num">Balance after</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {page?.entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at, timeZone)}</td>
                  <td>{e.kind}</td>
                  <td>{e.description}</td>
                  <td className="num">{formatSignedCredits(e.credits)}</td>
                  <td className="num">{formatUsd(e.credits)}</td>
                  <td className="num">{formatCount(e.balanceAfter)}</td>
                  <td>
                    {(e.kind === 'purchase' || e.kind === 'refill') && e.reference ? (
                      <button
                        className="link small"
                        onClick={() => runExport({ kind: 'receipt_pdf', purchaseId: e.reference ?? undefined }).catch(() => undefined)}
                      >
                        Receipt
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row">
        <button className="small" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          ← Newer
        </button>
        <button
          className="small"
          disabled={!page?.nextBeforeId}
          onClick={() => page?.nextBeforeId && setCursors((c) => [...c, page.nextBeforeId ?? undefined])}
        >
          Older →
        </button>
        <span className="muted small">Page {cursors.length}</span>
      </div>
    </div>
  );
}
