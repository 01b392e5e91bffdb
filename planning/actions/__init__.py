"""Stage 3: the action plan a village carries into its Musrenbang, RKP Desa and APBDes."""
