/** The call and its services as open data. */
import type {APIRoute} from 'astro';
import {call, services} from '../data.ts';

export const GET: APIRoute = async () => {
  const list = (await services()).map(({service}) => service);
  return new Response(`${JSON.stringify({call: await call(), services: list}, null, 2)}\n`, {headers: {'Content-Type': 'application/json; charset=utf-8'}});
};
