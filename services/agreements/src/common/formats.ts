/** The shapes of identifiers the API accepts, shared by the features' inputs. */

/** Organisation and INPS unit ids: `caritas-roma`, `dr-lazio`. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** An ISTAT code of a region, a province or metropolitan city, or a comune. */
export const ISTAT_CODE = /^(\d{2}|\d{3}|\d{6})$/;

/** An ISTAT code or `IT`, for what may apply to the whole country. */
export const TERRITORY_CODE = /^(IT|[0-9]{2}|[0-9]{3}|[0-9]{6})$/;

/** Options of IsISO8601 for an instant: a date that exists, and `T` between date and time. */
export const INSTANT = { strict: true, strictSeparator: true };
