/** The anonymized projection as open data: exactly what `pcp status` wrote, nothing more. */
import type {APIRoute} from 'astro';
import {status} from '../data.ts';

export const GET: APIRoute = async () => new Response(`${JSON.stringify(await status(), null, 2)}\n`, {headers: {'Content-Type': 'application/json; charset=utf-8'}});
