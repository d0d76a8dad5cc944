/** Offline GeoIP lookup from .mmdb databases (the bundled DB-IP City Lite, or PARLEY_GEOIP_DB). */
export { defaultGeoIpFiles, openGeoIp, type GeoIpFiles } from './geoip.ts';
