/*
 * exposure.h - how far a listener can be reached, as one word: the
 * model's names, so that outputs print them without calling enrichment
 * (enrich/exposure.h decides which applies).
 */
#ifndef PORTSTAT_MODEL_EXPOSURE_H
#define PORTSTAT_MODEL_EXPOSURE_H

enum exposure {
	EXPOSURE_NONE = 0,  /* not decided: not a listener, not inet, or not asked */
	EXPOSURE_LOOPBACK,  /* bound to 127/8 or ::1 (::ffff:127.x too): this host only */
	EXPOSURE_LOCAL,	    /* bound to one specific non-loopback address */
	EXPOSURE_ANY,	    /* a wildcard in the host's namespace: every address of the host */
	EXPOSURE_NAMESPACE, /* a wildcard in another namespace that nothing publishes */
	EXPOSURE_PUBLISHED, /* a DNAT rule or a userland proxy forwards host endpoints to it */
	EXPOSURE_COUNT
};

/* The word output prints ("loopback", ...); "" for EXPOSURE_NONE and values past the end. */
const char *exposure_name(enum exposure e);

#endif
