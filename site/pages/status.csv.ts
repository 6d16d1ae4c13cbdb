/** The projection as CSV, with formula-like cells escaped for spreadsheets. */
import type {APIRoute} from 'astro';
import {statusCsv} from '../../scripts/lib/status-csv.ts';
import {status} from '../data.ts';

export const GET: APIRoute = async () => new Response(statusCsv(await status()), {headers: {'Content-Type': 'text/csv; charset=utf-8'}});
