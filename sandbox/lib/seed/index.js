'use strict';
// What a new sandbox starts with: the catalogue and the accounts.
module.exports = {
	...require('./currencies'),
	...require('./exchange'),
	...require('./aml'),
	...require('./accounts'),
};
