/** The URL-safe id of a domain or technology name ("Big Data" -> big-data), shared by the status projection and the site's filter pages. */
export function facetId(label: string): string {
  return label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
