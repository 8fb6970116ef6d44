/**
 * Examples listed per rule on the validation page: the page's size stays bounded whatever the
 * file holds; the totals beside each rule stay exact.
 */
export const HTML_EXAMPLES_PER_RULE = 50;
