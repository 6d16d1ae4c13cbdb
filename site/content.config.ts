/** The site's collections: every one an adapter over the library (site/loaders.ts), none over proposals/. */
import {defineCollection} from 'astro:content';
import {callLoader, catalogLoader, formLoader, rulesLoader, stagesLoader, statusLoader} from './loaders.ts';

export const collections = {
  services: defineCollection({loader: catalogLoader()}),
  call: defineCollection({loader: callLoader()}),
  form: defineCollection({loader: formLoader()}),
  stages: defineCollection({loader: stagesLoader()}),
  rules: defineCollection({loader: rulesLoader()}),
  status: defineCollection({loader: statusLoader()}),
};
