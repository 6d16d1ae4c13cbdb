// The public website. Astro reads the catalog and the form through the library (site/loaders.ts)
// and the anonymized status through `pcp status`'s projection; never proposals/.
// PCP_SITE_URL and PCP_SITE_BASE: where the site is served (GitHub Pages: https://OWNER.github.io
// and /REPO/); the defaults suit a local build.
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import {defineConfig} from 'astro/config';
import {pcpSite} from './site/integration.ts';

export default defineConfig({
  site: process.env.PCP_SITE_URL ?? 'https://pcp.invalid',
  base: process.env.PCP_SITE_BASE ?? '/',
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist',
  trailingSlash: 'ignore',
  build: {format: 'directory'},
  devToolbar: {enabled: false},
  integrations: [mdx(), sitemap({filter: (page) => !page.endsWith('/404/')}), pcpSite()],
});
